"""Billing's services, like the events app's: each change of an order or a document is one
transaction that takes the event's lock first and the number series' lock last (always in that
order, so two transactions never wait for each other in a circle)."""
