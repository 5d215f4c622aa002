"""One router per resource (``api.app.ROUTERS`` lists them in the order they are included).

Reads of bounded size (a detail, a page of at most ``limit`` rows, a proof) are ``async def``
and query the views inline on the event loop: each is a few short indexed SQL statements, and
in CPython running them on a worker thread costs more than the query itself (every SQLite call
releases the GIL and the handoff between the loop and the workers dominates; measured in
docs/performance.md). Work that may be long (an as-of replay, a full verification, the lag,
inclusion proofs for a page) runs on worker threads (sync ``def`` or ``run_in_threadpool``).
"""
