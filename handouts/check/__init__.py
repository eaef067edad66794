"""Step 2, check: the plan, its layout and library held to the contract, into frozen data (`model`)."""
