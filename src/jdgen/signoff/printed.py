"""The approval states ``jdgen build`` prints, with key fingerprints and acknowledgements.

:func:`jdgen.signoff.approval_states` plus, for a project that signs or records
acknowledgements, the verified key fingerprint of each signed sign-off (printed under its
signature line) and the acknowledgements of the current revision (printed on the
acknowledgement sheet). Unsigned projects get exactly :func:`approval_states`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from jdgen.approval import Acknowledgement, ApprovalState
from jdgen.project import ProjectConfig
from jdgen.resolve.document import AnyDocument
from jdgen.signoff.acknowledge import read_acknowledgements
from jdgen.signoff.allowed_signers import AllowedSigner, ack_namespace
from jdgen.signoff.chain import signed_message
from jdgen.signoff.signers import signers_state
from jdgen.signoff.status import DocumentStatus, document_statuses
from jdgen.signoff.trust import check_entry, check_signature


def _printed(
    status: DocumentStatus, config: ProjectConfig, signers: list[AllowedSigner] | None
) -> ApprovalState:
    state = status.approval_state()
    prints = {e.role: check_entry(e, signers) for e in status.signoffs if e.sig is not None}
    signatures = tuple(
        dataclasses.replace(s, fingerprint=prints[s.role].fingerprint or "")
        if s.role in prints and prints[s.role].ok
        else s
        for s in state.signatures
    )
    acks: list[Acknowledgement] = []
    if status.current is not None:
        chain = read_acknowledgements(config, status.id)
        for record in chain.records:
            f = record.fields
            if f["digest"] != status.document.digest:
                continue
            date = dt.date.fromisoformat(f["date"])
            check = check_signature(
                record.sig, ack_namespace(status.id), signed_message(f), date, signers
            )
            acks.append(
                Acknowledgement(
                    f["name"], f["employee_id"], date, check.fingerprint or "" if check.ok else ""
                )
            )
    if signatures == state.signatures and not acks:
        return state
    return dataclasses.replace(state, signatures=signatures, acknowledgements=tuple(acks))


def printed_approval_states(
    config: ProjectConfig, documents: Iterable[AnyDocument]
) -> dict[str, ApprovalState]:
    """``{document id: ApprovalState}`` as printed, fingerprints and acknowledgements in."""
    state = signers_state(config)
    signers = state.signers if state.exists else None
    return {
        doc_id: _printed(status, config, signers)
        for doc_id, status in document_statuses(config, documents).items()
    }
