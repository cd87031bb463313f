"""armswatch over HTTP: the query layer shared with the command line (:mod:`.queries`), the REST API and the
web pages (:mod:`.app`). ``armswatch serve --db deals.db`` runs it."""
