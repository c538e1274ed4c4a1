from trivselreport.cli import main

main()
