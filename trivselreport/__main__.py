from trivselreport.cli.app import main

main()
