"""Normalization: native records from sources and live APIs into canonical resources."""
