"""Berth control plane."""
