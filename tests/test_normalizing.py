from extraction.normalizing import NormText


def test_fullwidth_and_offsets_map_back():
    src = "满意度＞＝９５％。"
    v = NormText(src)
    assert v.text.startswith("满意度>=95%")
    i = v.text.index("95")
    assert src[slice(*v.to_original(i, i + 2))] == "９５"


def test_latex_and_tags():
    src = "<p>数量 $\\geq 50$ 件</p> <p>率 $\\geq 98\\%$</p>"
    v = NormText(src)
    assert "\\geq 50 件" in v.text and "\\geq 98%" in v.text
    assert "<p>" not in v.text
    i = v.text.index("%")
    assert src[slice(*v.to_original(i, i + 1))] == "\\%"


def test_join_lines_reads_broken_words():
    src = "全年新增落户大学生\n\n27132人，筹集"
    v = NormText(src, join_lines=True)
    assert "大学生27132人" in v.text
    i = v.text.index("生2")
    a, b = v.to_original(i, i + 2)
    assert src[a:b] == "生\n\n2"


def test_slice_of_a_larger_text():
    src = "xx<p>合格率 90%</p>yy"
    v = NormText(src, 2, len(src) - 2)
    i = v.text.index("90")
    assert src[slice(*v.to_original(i, i + 2))] == "90"


def test_traditional_characters_read_simplified_offsets_into_the_original():
    # dev 032 (traditional mirror): "預(yù)算10萬元" reads 100000 元; spans point at "10" and "萬元"
    from extraction.values import find_values

    src = "專項經(jīng)費預(yù)算10萬元,實際支出10萬元"
    v = NormText(src)
    assert len(v.text) == len(src)
    assert "预(yù)算10万元" in v.text
    m = find_values(v.text)[0]
    assert (m.value, m.unit) == (100000, "元")
    assert src[slice(*v.to_original(*m.val))] == "10"
    assert src[slice(*v.to_original(*m.units[0]))] == "萬元"


def test_traditional_filings_keep_their_length():
    # OpenCC's t2s runs phrase by phrase; whatever it does, the view has one character per character
    from pathlib import Path

    from extraction.normalizing.simplified import to_simplified

    root = Path(__file__).resolve().parents[1] / "annotations" / "filings" / "dev"
    for name in ("026_yunnan_ziranziyuan_2020_ziping_trad.txt", "032_hubei_danganguan_2020_ziping_trad.txt"):
        text = (root / name).read_text(encoding="utf-8")
        simple = to_simplified(text)
        assert len(simple) == len(text)
        assert "項" in text and "項" not in simple and "项" in simple


def test_traditional_qualitative_value_kept_as_written():
    # spec: traditional characters are kept as written in every field: the grammar reads the
    # view, the record takes the qualitative value from the original
    from extraction.assembling import record_from_match
    from extraction.values import parse_value_cell

    src = "時效指標 | 及時"
    v = NormText(src, 7, len(src))
    (m,) = parse_value_cell(v.text)
    assert m.qualitative == "及时"
    r = record_from_match("x.txt", src, (0, 4), m, v.to_original, column="target", project=None)
    assert r.qualitative == "及時"


def test_the_flat_view_drops_white_space_and_mirror_pinyin_and_maps_back():
    from extraction.normalizing.simplified import flat_view

    line = "產(chǎn)出指標(biāo) 數(shù)量指標(biāo)道路長度(km)"
    f, starts, ends = flat_view(line)
    assert f == "产出指标数量指标道路长度(km)"  # a unit in brackets has no tone mark: it stays
    assert line[starts[0]:ends[1]] == "產(chǎn)出"
    assert line[starts[3]:ends[3]] == "標(biāo)"  # a character's end takes in its pinyin
    assert line[starts[4]:ends[7]] == "數(shù)量指標(biāo)"
