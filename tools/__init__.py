"""Maintainer tools run by the Makefile (bench, link check)."""
