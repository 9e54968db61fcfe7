#!/usr/bin/env python3
"""Builds x43 and x44 as real PDF text: the source below is typeset into a PDF with reportlab
(A4, STSong-Light, hard line wraps, a running header and page numbers on every page) and
converted back to text with poppler's pdftotext, as a clerk's tool would.

    pip install reportlab; apt-get install poppler-utils
    python3 tests/corpus/extra/pdf/make_pdf_text.py

The documents are invented (organisations, people and wording). Outputs:
../x43_board_minutes_pdftotext.txt (pdftotext, reading order: form feeds between pages,
page numbers `N / M`) and ../x44_edu_bureau_pdftotext_layout.txt (pdftotext -layout:
columns kept with spaces, page numbers `— N —`).
"""
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

SIZE = 16
LEADING = 29
LEFT = 80
WIDTH = 28  # characters per line (a digit or Latin letter counts half)
TOP = 770


def width(c):
    return 0.5 if ord(c) < 0x2000 else 1


def wrap(paragraph, indent):
    """Hard-wraps a paragraph as a word processor does, first line indented."""
    lines, line, w = [], "", indent
    for c in paragraph:
        if w + width(c) > WIDTH and line:
            lines.append(line)
            line, w = "", 0
        line += c
        w += width(c)
    if line:
        lines.append(line)
    return lines


def typeset(path, blocks, running_header, page_number, per_page):
    """blocks: (kind, text) with kind 'title', 'head' (header fields, no indent) or 'para'."""
    rows = []
    for kind, text in blocks:
        if kind == "title":
            rows.append(("title", text))
        elif kind == "head":
            rows.append(("head", text))
        else:
            rows += [("para", l) for l in wrap(text, 2)]
            rows[-len(wrap(text, 2))] = ("first", rows[-len(wrap(text, 2))][1])
    pages = [rows[i:i + per_page] for i in range(0, len(rows), per_page)]
    c = canvas.Canvas(str(path), pagesize=A4)
    for n, page in enumerate(pages, 1):
        if n > 1 and running_header:
            c.setFont(FONT, 10.5)
            c.drawCentredString(A4[0] / 2, 805, running_header)
        y = TOP
        for kind, text in page:
            if kind == "title":
                c.setFont(FONT, 20)
                c.drawCentredString(A4[0] / 2, y, text)
            else:
                c.setFont(FONT, SIZE)
                x = LEFT + (2 * SIZE if kind == "first" else 0)
                c.drawString(x, y, text)
            y -= LEADING
        c.setFont(FONT, 12)
        c.drawCentredString(A4[0] / 2, 50, page_number(n, len(pages)))
        c.showPage()
    c.save()


def pdftotext(pdf, out, *options):
    subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), str(out)], check=True)


X43 = [
    ("title", "启明新材料股份有限公司"),
    ("title", "第三届董事会第七次会议纪要"),
    ("head", "时间：2025 年6 月12 日上午"),
    ("head", "地点：公司总部三楼会议室"),
    ("head", "主持：董事长 柏青松"),
    ("head", "出席：柏青松、温雅琴、路振邦、俞晨、房立新"),
    ("head", "列席：公司监事、高级管理人员"),
    ("head", "记录：董事会秘书 尹若岚"),
    ("para", "本次会议应到董事5 名，实到董事5 名，会议的召集、召开程序符合《公司法》和《公司章程》的规定。会议审议并形成如下决议："),
    ("para", "一、2025 年度经营计划"),
    ("para", "会议审议通过《2025 年度经营计划》。会议要求，经营管理层要按照年度经营计划分解落实各项经营指标，每季度末向董事会报告计划执行情况。"),
    ("para", "二、锂电隔膜项目投资"),
    ("para", "会议审议通过《关于投资建设年产5000 吨锂电隔膜项目的议案》，项目总投资3.2 亿元，资金来源为公司自有资金。由公司总经理牵头组织项目实施，工程管理部负责项目建设，力争2026 年3 月底前建成试产；财务部要做好项目资金筹措和使用监管，确保专款专用。"),
    ("para", "三、信息披露管理制度修订"),
    ("para", "会议审议通过《关于修订〈信息披露管理制度〉的议案》。董事会办公室要在10 个工作日内完成制度修订稿的发布，并组织公司董事、监事和高级管理人员开展专题学习，切实提高规范运作水平和信息披露质量，防范违规披露风险。"),
    ("para", "四、高级管理人员聘任"),
    ("para", "会议同意聘任卢怀远为公司副总经理，任期自本次董事会审议通过之日起至第三届董事会任期届满之日止。人力资源部负责办理相关聘任手续。"),
    ("para", "五、临时股东大会召开安排"),
    ("para", "会议同意于2025 年7 月8 日召开公司2025 年第一次临时股东大会，由董事会办公室负责会议筹备和通知发布工作。"),
]

X44 = [
    ("title", "南屏区教育局局务会议纪要"),
    ("head", "〔2025〕第6 号"),
    ("head", "南屏区教育局办公室                    2025 年9 月3 日"),
    ("head", "时间：2025 年9 月1 日下午"),
    ("head", "地点：区教育局四楼会议室"),
    ("head", "主持：局长 郁明哲"),
    ("head", "出席：郁明哲、邢丽君、阮志刚、尚文博"),
    ("head", "记录：钟小禾"),
    ("para", "9 月1 日下午，区教育局局长郁明哲主持召开局务会议，研究秋季学期开学、教师暑期培训成果转化、校园食堂提质等工作。现将会议议定事项纪要如下："),
    ("para", "一、研究秋季学期开学工作"),
    ("para", "会议指出，今年秋季学期全区新增学位2400 个，开学准备工作总体有序。会议要求，各中小学校要在9 月5 日前完成校舍安全隐患排查，区教育局安全科负责汇总排查结果并建立整改台账；区教育局基础教育科要会同区卫健局做好秋冬季学校传染病防控工作，落实晨午检和因病缺课追踪制度。"),
    ("para", "二、研究教师暑期培训成果转化工作"),
    ("para", "会议要求，区教师发展中心要牵头制定培训成果转化方案，于9 月30 日前印发各校，并每月底前向局务会报告转化工作进展。"),
    ("para", "三、研究校园食堂提质工作"),
    ("para", "会议原则同意区教育局后勤服务中心提出的《南屏区中小学校食堂提质三年行动计划》，由后勤服务中心负责组织实施，区教育局计财科配合落实资金保障。"),
]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "x43.pdf"
        typeset(pdf, X43, "启明新材料股份有限公司第三届董事会第七次会议纪要", lambda n, m: f"{n} / {m}", 14)
        pdftotext(pdf, HERE.parent / "x43_board_minutes_pdftotext.txt")
        pdf = Path(tmp) / "x44.pdf"
        typeset(pdf, X44, "", lambda n, m: f"— {n} —", 23)
        pdftotext(pdf, HERE.parent / "x44_edu_bureau_pdftotext_layout.txt", "-layout")


if __name__ == "__main__":
    main()
