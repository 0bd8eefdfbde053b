"""The incumbent's bulk export for `cargo xtask bench`: every issue, all fields, as JSON lines.

usage: python bulk.py URL TOKEN
"""

import json
import sys

from jira import JIRA

url, token = sys.argv[1], sys.argv[2]
jira = JIRA(server=url, token_auth=token)
write = sys.stdout.write
for issue in jira.search_issues("ORDER BY key", maxResults=False, fields="*all"):
    write(json.dumps(issue.raw, separators=(",", ":")))
    write("\n")
