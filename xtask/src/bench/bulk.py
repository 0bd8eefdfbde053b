"""The incumbent's bulk export for `cargo xtask bench`: every issue, all fields, as JSON lines.

usage: python bulk.py URL TOKEN sync|async WORKERS
"""

import json
import sys

from jira import JIRA

url, token, mode, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
options = {"async_": True, "async_workers": workers} if mode == "async" else {}
jira = JIRA(server=url, token_auth=token, **options)
write = sys.stdout.write
for issue in jira.search_issues("ORDER BY key", maxResults=False, fields="*all"):
    write(json.dumps(issue.raw, separators=(",", ":")))
    write("\n")
