"""Live tests of one service's kinds each (``test_<service>.py``): a ``build(client)`` that makes
the kinds' resources in moto (``everything.build_everything`` calls every module's, so the
collector tests see every kind) and the tests of what the collector and the rules make of them.
Adding a kind's live test is adding its module here: nothing lists them."""
