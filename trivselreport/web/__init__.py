"""The preview server (`trivselreport serve`): the memo live in the browser, entries in a form.

It sits where the command line sits, over `commands/`: the same `prepare_memo`,
the same validation and guard, the same writers. Only this layer knows Starlette,
uvicorn and watchfiles.
"""
