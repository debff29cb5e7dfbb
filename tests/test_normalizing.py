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
