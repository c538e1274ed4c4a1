"""Writing help for the memo's texts: spelling (`spelling`, the words of a text in
`words`), readability (`lix`) and Danish typography (`typography`)."""
