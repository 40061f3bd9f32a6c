"""Sender-domain authentication (SPF, DKIM, DMARC, MX): the entry point DESIGN.md names.

The work is split by subject: dns_resolver (queries), spf_check, dkim_check, dmarc_check,
domain_findings + spf_findings (what is wrong and the record that fixes it), receiver_rules (Gmail,
Yahoo, Outlook.com verdicts) and domain_check (runs it all concurrently).
"""

from __future__ import annotations

from .domain_check import DomainInputProblem, DomainReport, check_domain, split_target

__all__ = ["DomainInputProblem", "DomainReport", "check_domain", "split_target"]
