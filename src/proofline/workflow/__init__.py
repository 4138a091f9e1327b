"""The workflow: states and gates, the actions and queries behind one facade, the audit chain, KPIs.

The CLI, the web desk and the API call `proofline.workflow.services.Workflow`, whose every
mutation is an action of `workflow/actions/` and every read a function of `workflow/queries.py`;
they add no rules of their own. Refusals are `WorkflowError`s whose message a marketer can act on.
"""

from proofline.workflow.errors import WorkflowError

__all__ = ["WorkflowError"]
