"""The README's headline benchmark numbers are the ones `make bench` wrote to docs/benchmarks.md."""

import re

from newsframing import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
BENCH = (paths.ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
NOT_MEASURED = {"2", "10", "40", "100", "1"}  # 2-core, drift 10-40 %, goals 2x and 2 MB/s, ±10 %, blocks of 100k, 1M


def headline() -> str:
    start = README.index("Headline numbers from `make bench`")
    return README[start:README.index("## Data dictionary", start)]


def test_readme_headline_numbers_come_from_the_benchmark_report():
    text = headline().replace("−", "-")
    bench = BENCH.replace(" %", "%")
    text = re.sub(r"\b\d+(?:k|M)\b|\d{4}-\d{2}-\d{2}", "", text)  # sizes named in words, the date (tested below)
    numbers = re.findall(r"\d+(?:,\d{3})*(?:\.\d+)*", text)
    quoted = [n for n in numbers if n not in NOT_MEASURED]
    assert len(quoted) > 25
    missing = [n for n in quoted if not re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|,\d|\.\d)", bench)]
    assert missing == [], f"README quotes numbers docs/benchmarks.md does not hold: {missing}"


def test_readme_headline_is_from_the_same_run():
    date = re.search(r"on (\d{4}-\d{2}-\d{2});", BENCH).group(1)
    assert date in headline()
