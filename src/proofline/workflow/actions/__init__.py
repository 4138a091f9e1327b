"""The workflow's mutations, one module each (as Wagtail's actions): every one checks who may act
(`check_perm`), does its work in one transaction (`execute`) and audits it (`log`); see base.py.

Nothing outside the workflow imports them: the CLI, the desk and the API call the `Workflow`
facade (workflow/services.py), whose every mutating method is one of these actions.
"""
