"""The back office: thin views that parse, check permission, call one service and render."""
