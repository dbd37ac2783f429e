"""Generate a synthetic document project of N bilingual roles, for benchmarks.

Each role extends one of a few abstract bases (as a real HR library would), overrides and
adds clauses, and fills every section, so that a published document runs to 3-5 pages.
Deterministic: the same N gives the same files.

    python -m benchmarks.synthetic DIR N
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

CONFIG = """\
languages = ["th", "en"]
organisation = { th = "บริษัท ทดสอบสมรรถนะ จำกัด", en = "Benchmark Co., Ltd." }
formats = ["pdf", "docx", "html"]

[approval]
approver = { th = "กรรมการผู้จัดการ", en = "Managing Director" }
"""

TH_WORDS = (
    "ลูกค้า บริษัท ผลิตภัณฑ์ บริการ สัญญา การเจรจา ข้อเสนอ รายงาน ตลาด "
    "คู่แข่ง ฝ่ายขาย ความต้องการ คุณภาพ ระยะยาว ความสัมพันธ์ เอกสาร "
    "การวิเคราะห์ แผนงาน งบประมาณ เป้าหมาย ผู้บังคับบัญชา พนักงาน หน่วยงาน "
    "นโยบาย ข้อบังคับ ความปลอดภัย ข้อมูล ความลับ ระบบ การประชุม การนำเสนอ "
    "ส่วนลด ราคา เงื่อนไข การชำระเงิน ลูกหนี้ การส่งมอบ คลังสินค้า "
    "การฝึกอบรม ทักษะ ประสบการณ์ การศึกษา ภาษาอังกฤษ คอมพิวเตอร์ ยานพาหนะ "
    "ต่างจังหวัด ตัวแทนจำหน่าย ผู้จัดจำหน่าย การประกันภัย ธนาคาร สินเชื่อ "
    "โรงแรม การเช่าซื้อ สาขา ภูมิภาค ยอดขาย กำไร ต้นทุน ความพึงพอใจ "
    "ข้อร้องเรียน การติดตาม กำหนดเวลา มาตรฐาน การตรวจสอบ การอนุมัติ "
    "ผู้บริหาร คณะกรรมการ กฎหมาย ระเบียบ ประจำเดือน ประจำปี"
).split()
EN_WORDS = (
    "client company product service contract negotiation proposal report "
    "market competitor sales needs quality long-term relationship document "
    "analysis plan budget target supervisor employee unit policy "
    "regulation safety information confidential system meeting "
    "presentation discount price condition payment receivable delivery "
    "warehouse training skill experience education English computer "
    "vehicle province dealer distributor insurance bank credit hotel "
    "leasing branch region revenue profit cost satisfaction complaint "
    "follow-up deadline standard audit approval management board law rule "
    "monthly annual"
).split()
SECTIONS = (
    "general_provisions",
    "requirements",
    "functions",
    "rights",
    "responsibility",
    "relationships",
    "working_conditions",
    "evaluation",
)
BASES = 5


def _sentence(rng: random.Random, words: tuple[str, ...] | list[str], n: int, sep: str) -> str:
    return sep.join(rng.choice(words) for _ in range(n))


def _clause(rng: random.Random, section: str, index: int, tag: str) -> str:
    th = _sentence(rng, TH_WORDS, rng.randint(8, 18), "")
    en = _sentence(rng, EN_WORDS, rng.randint(10, 22), " ").capitalize()
    kind = "\n    kind: skills" if section == "requirements" else ""
    return (
        f"  - id: {tag}-{section[:4]}-{index}{kind}\n"
        f'    text:\n      th: "{th} {tag} {index}"\n'
        f'      en: "{en} ({tag} {index})."\n'
    )


def base_role(rng: random.Random, b: int) -> str:
    """An abstract base with every section filled."""
    out = [
        f"abstract: true\ntitle: {{th: ตำแหน่งฐาน {b}, en: Base Position {b}}}\n"
        f"department: {{th: ฝ่ายที่ {b}, en: Division {b}}}\n"
        f"reports_to: {{th: ผู้อำนวยการฝ่าย {b}, en: Director of Division {b}}}\n"
    ]
    for section in SECTIONS:
        out.append(f"{section}:\n")
        out.extend(_clause(rng, section, i, f"b{b}") for i in range(rng.randint(5, 8)))
    return "".join(out)


def child_role(rng: random.Random, n: int) -> str:
    """A published role extending a base: overrides two clauses, adds a few, one variant pair."""
    b = n % BASES
    out = [
        f"extends: base-{b}\nnumber: JD-{n:05d}\n"
        f'title: {{th: "ตำแหน่ง {n} (${{region}})", en: "Position {n} (${{region}})"}}\n'
    ]
    if n % 3 == 0:
        out.append(
            "variants:\n"
            "  - id: central\n    params: {region: {th: ภาคกลาง, en: Central}}\n"
            "  - id: north\n    params: {region: {th: ภาคเหนือ, en: North}}\n"
        )
    else:
        out.append("params: {region: {th: สำนักงานใหญ่, en: Head Office}}\n")
    for section in ("functions", "rights"):
        out.append(f"{section}:\n")
        out.append(
            f"  - id: b{b}-{section[:4]}-0\n    text:\n"
            f'      th: "{_sentence(rng, TH_WORDS, 10, "")} ${{region}}"\n'
            f'      en: "{_sentence(rng, EN_WORDS, 12, " ").capitalize()}'
            ' in ${region}."\n'
        )
        out.extend(_clause(rng, section, i, f"r{n}") for i in range(rng.randint(2, 4)))
    return "".join(out)


def write_project(root: Path, roles: int, seed: int = 7) -> Path:
    """Write a project of ``roles`` published role files (plus a few bases) under ``root``."""
    rng = random.Random(seed)
    (root / "roles").mkdir(parents=True, exist_ok=True)
    (root / "jdgen.toml").write_text(CONFIG, encoding="utf-8")
    for b in range(BASES):
        (root / "roles" / f"base-{b}.yaml").write_text(base_role(rng, b), encoding="utf-8")
    for n in range(roles):
        (root / "roles" / f"role-{n:05d}.yaml").write_text(child_role(rng, n), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    """Write a synthetic project: ``python -m benchmarks.synthetic DIR N``."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description=f"Write a project of N synthetic roles (+{BASES} abstract bases) to DIR.",
    )
    parser.add_argument("target", metavar="DIR", type=Path, help="folder to write (created)")
    parser.add_argument("count", metavar="N", type=int, help="number of roles, e.g. 1000")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    write_project(args.target, args.count)
    print(f"wrote {args.count} roles (+{BASES} bases) to {args.target}")


if __name__ == "__main__":
    main()
