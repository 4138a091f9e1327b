"""The workflow: states and gates, the services every interface calls, the audit chain, KPIs.

The CLI (and later the web desk and the API) call `proofline.workflow.services.Workflow` and add
no rules of their own. Refusals are `WorkflowError`s whose message a marketer can act on.
"""

from proofline.workflow.errors import WorkflowError

__all__ = ["WorkflowError"]
