"""Delivery pages, one module per page family: plan overview, HICM, actions, risks, national
conditions, quarterly returns and history."""
