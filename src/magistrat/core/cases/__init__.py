"""One shape for cases: the abstract models (`models`), the shared services (`services`), reads
(`selectors`) and the page helpers (`views`) of every register with a number, a receipt, a
handler and a legal clock."""
