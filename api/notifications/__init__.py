"""Notifications (issue #17): channels, subscriptions and durable delivery of events.

Other domains call `announce` (api.notifications.outbox) once per outcome, in the
transaction that records it; the worker's dispatcher (worker/notifications.py) sends.
"""
