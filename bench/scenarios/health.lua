-- The transport ceiling: a trivial GET answered without touching any service.
wrk.method = "GET"
wrk.path = "/_eddy/health"
