"""Writing help: readability (`lix`) and Danish typography (`typography`) of the memo's texts."""
