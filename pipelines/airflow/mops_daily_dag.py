"""mops_daily: the mops daily job as an Airflow DAG, one BashOperator per stage.

Each task runs `pipelines/mops-daily --stage NAME` for the run's logical date, so
the stages share files in $MOPS_OUT_DIR/.partial-YYYY-MM-DD/ and nothing but exit
statuses passes between tasks (no records through XCom: do_xcom_push=False).
Bookmarks are promoted by the last task only, so a failed task retried, or a run
cleared and re-run from `prepare`, re-fetches and never loses a record.

Exit statuses (man/mops.7): 75 (rate limit, quota, lock held) and 69 (vendor down)
are what the retries are for.  77 (credentials rejected) and 78 (configuration) are
retried too (BashOperator cannot tell exit codes apart for retries; each such retry
is one quick failing attempt) and need a person: alert on them (on_failure_callback).

Configuration comes from the worker's environment, never from the DAG file:
MOPS_HOME (the mops checkout or install prefix holding pipelines/), MOPS_BIN,
MOPS_STATE_DIR, MOPS_OUT_DIR, MOPS_STREAMS_FILE, and the vendor secrets
(MOPS_HUBSPOT_TOKEN, MOPS_SALESFORCE_CLIENT_ID/_CLIENT_SECRET/_REFRESH_TOKEN,
MOPS_MARKETO_CLIENT_ID/_CLIENT_SECRET, MOPS_GA4_ACCESS_TOKEN or MOPS_GA4_KEY_FILE,
MOPS_GA4_PROPERTY), set by the deployment (a secrets backend exporting them, or
the worker's service environment).  The BashOperators inherit the environment
(append_env=True), so secrets never appear in the DAG, in the rendered command,
or in XCom.  MOPS_DAG_VENDORS (default "hubspot salesforce marketo ga4 file")
lists the vendors that get an extract task; vendors without a configured stream
run an empty task.
"""

import os
from datetime import datetime, timedelta

try:  # Airflow is not needed to check this file (python3 -m py_compile)
    from airflow import DAG
    from airflow.operators.bash import BashOperator
except ImportError:  # pragma: no cover
    DAG = None
    BashOperator = None

MOPS_HOME = os.environ.get("MOPS_HOME", "/opt/mops")
DAILY = os.path.join(MOPS_HOME, "pipelines", "mops-daily")
VENDORS = os.environ.get("MOPS_DAG_VENDORS", "hubspot salesforce marketo ga4 file").split()

# Every task of one run works on the run's logical date (Jinja-rendered by Airflow).
RUN_ENV = {"MOPS_RUN_DATE": "{{ ds }}"}

DEFAULT_ARGS = {
    "owner": "marketing-ops",
    "depends_on_past": False,
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
}


def _stage(name, vendor=None, **kw):
    """A BashOperator running one stage of mops-daily."""
    cmd = "%s --stage %s" % (DAILY, name)
    if vendor:
        cmd += " --vendor %s" % vendor
    task_id = name if vendor is None else "%s_%s" % (name, vendor)
    return BashOperator(
        task_id=task_id,
        # a trailing space: Airflow must not read a command ending in .sh as a template file
        bash_command=cmd + " ",
        env=RUN_ENV,
        append_env=True,
        do_xcom_push=False,
        **kw
    )


if DAG is not None:
    with DAG(
        dag_id="mops_daily",
        description="mops: extract, normalize, dedupe, score, attribute, report",
        schedule="30 5 * * *",
        start_date=datetime(2026, 11, 1),
        catchup=False,
        max_active_runs=1,  # runs share the state directory; mops-daily's lock enforces it too
        default_args=DEFAULT_ARGS,
        tags=["mops"],
    ) as dag:
        prepare = _stage("prepare", retries=0)
        # extracts hit vendor rate limits: more, slower retries; vendors in parallel
        extracts = [
            _stage("extract", vendor=v, retries=6, retry_delay=timedelta(minutes=15))
            for v in VENDORS
        ]
        normalize = _stage("normalize")
        store = _stage("store")
        dedupe = _stage("dedupe")
        score = _stage("score")  # a no-op without a score file in the state folder
        attribute = _stage("attribute")
        report = _stage("report")
        publish = _stage("publish", retries=1)

        prepare >> extracts >> normalize >> store >> dedupe >> score >> attribute
        attribute >> report >> publish
