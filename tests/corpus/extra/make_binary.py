#!/usr/bin/env python3
"""Regenerate the encoded / .docx / .html / PDF-style documents of this folder.

    python3 tests/corpus/extra/make_binary.py

Each output NAME.ext is built from src/NAME.txt (plain UTF-8, LF line endings).
Deterministic: running it twice gives byte-identical files.
"""
import html
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"


def read(name):
    return (SRC / f"{name}.txt").read_text("utf-8")


def write(name, data):
    (HERE / name).write_bytes(data)


# ---------------------------------------------------------------- plain encodings
def utf8_bom(name):
    write(f"{name}.txt", b"\xef\xbb\xbf" + read(name).encode("utf-8"))


def gbk(name):
    write(f"{name}.txt", read(name).encode("gbk"))  # strict: fails on a non-GBK char


def utf16le(name):
    write(f"{name}.txt", b"\xff\xfe" + read(name).encode("utf-16-le"))


def utf16be(name):
    write(f"{name}.txt", b"\xfe\xff" + read(name).encode("utf-16-be"))


def crlf(name):
    write(f"{name}.txt", read(name).replace("\n", "\r\n").encode("utf-8"))


# ---------------------------------------------------------------- PDF-style text
HALF = {"，": ", ", "：": ":", "；": ";", "（": "(", "）": ")"}
LABELS = ["时间", "地点", "主持", "出席", "列席", "记录"]


def pdfify(name, width):
    """Text as copied out of a PDF: hard wraps at `width` characters (in the middle of
    words), half-width punctuation, spaces around numbers before 年/月/日/号, labels with
    a space between their characters, and a page footer before the second top-level heading."""
    out = []
    footer_done = False
    for para in read(name).split("\n"):
        if not para.strip():
            continue
        if para.startswith("二、") and not footer_done:
            # page break: footer of page 1, blank lines
            out += ["", "- 1 -", "", ""]
            footer_done = True
        p = para.replace("　", " ")
        for lab in LABELS:
            if p.startswith(lab + "："):
                p = lab[0] + " " + lab[1] + p[len(lab):]
        for a, b in HALF.items():
            p = p.replace(a, b)
        p = re.sub(r"(?<=[^\d\s])(\d+)(?=[年月日号])", r" \1 ", p)
        chunks = [p[i:i + width] for i in range(0, len(p), width)] or [""]
        out += chunks
    write(f"{name}.txt", ("\n".join(out) + "\n").encode("utf-8"))


# ---------------------------------------------------------------- .docx
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
      'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def runs(text, bold=False):
    # split into several runs, as Word does after edits; a reader must join them
    rpr = '<w:rPr><w:rFonts w:ascii="宋体" w:eastAsia="宋体"/>' + ('<w:b/>' if bold else '') + \
          '<w:sz w:val="32"/></w:rPr>'
    parts = [text[i:i + 13] for i in range(0, len(text), 13)] or [""]
    return "".join(f'<w:r>{rpr}<w:t xml:space="preserve">{html.escape(t, quote=False)}</w:t></w:r>'
                   for t in parts)


def para(text, center=False, bold=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else \
          '<w:pPr><w:ind w:firstLineChars="200"/></w:pPr>'
    return f"<w:p>{ppr}{runs(text, bold)}</w:p>"


def table(rows):
    grid = "".join('<w:gridCol w:w="2400"/>' if i == 0 else '<w:gridCol w:w="6000"/>'
                   for i in range(max(len(r) for r in rows)))
    body = ""
    for r in rows:
        cells = "".join('<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>'
                        f'<w:p>{runs(c)}</w:p></w:tc>' for c in r)
        body += f"<w:tr>{cells}</w:tr>"
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>'
            '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>')


def docx(name, centered=2):
    lines = read(name).rstrip("\n").split("\n")
    xml, rows = [], []
    for i, line in enumerate(lines):
        if line.startswith("|"):
            rows.append(line.split("|")[1:])
            continue
        if rows:
            xml.append(table(rows))
            rows = []
        xml.append(para(line, center=i < centered, bold=i < centered))
    if rows:
        xml.append(table(rows))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document xmlns:w="{W}"><w:body>' + "".join(xml) +
           '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    with zipfile.ZipFile(HERE / f"{name}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in [("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                          ("word/document.xml", doc)]:
            zi = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8"))


# ---------------------------------------------------------------- .html
def article(name):
    lines = [l for l in read(name).split("\n") if l.strip()]
    return lines[0], lines[1], lines[2:]


def ps(paras, indent=True):
    st = ' style="text-indent:2em"' if indent else ""
    return "\n".join(f"<p{st}>{html.escape(p)}</p>" for p in paras)


def html_univ(name):
    title, info, body = article(name)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}-北川理工大学新闻网</title>
<link rel="stylesheet" href="/css/style.css">
<script src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); hm.src = "https://hm.example.com/hm.js?abc"; }})();</script>
</head>
<body>
<div class="topbar"><div class="w1200">欢迎访问北川理工大学新闻网！<span class="fr"><a href="/">学校主页</a> | <a href="/en/">English</a></span></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="北川理工大学新闻网"></div>
<div class="search"><form action="/search"><input type="text" name="q" value="请输入关键字"><button>搜索</button></form></div></div>
<div class="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/zhxw/">综合新闻</a></li><li><a href="/jxky/">教学科研</a></li>
<li><a href="/mtbc/">媒体北川</a></li><li><a href="/xysh/">校园生活</a></li><li><a href="/tpxw/">图片新闻</a></li><li><a href="/spxw/">视频新闻</a></li>
</ul></div>
<div class="main w1200">
<div class="sidebar">
<h3>综合新闻</h3>
<ul>
<li><a href="/zhxw/1021.htm">学校召开2023年安全稳定工作会议</a></li>
<li><a href="/zhxw/1019.htm">校领导带队走访慰问一线教职工</a></li>
<li><a href="/zhxw/1015.htm">学校与北川市签署战略合作协议</a></li>
</ul>
<h3>热点排行</h3>
<ul>
<li><a href="/zhxw/998.htm">学校党委召开理论学习中心组学习会</a></li>
<li><a href="/zhxw/987.htm">我校3项成果获省级教学成果奖</a></li>
</ul>
</div>
<div class="content">
<div class="location">当前位置：<a href="/">学校首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; <a href="/zhxw/">综合新闻</a> &gt; 正文</div>
<div class="article">
<h1 class="arti-title">{html.escape(title)}</h1>
<div class="arti-info">{html.escape(info)}</div>
<div class="v_news_content">
{ps(body)}
</div>
<div class="editor">（编辑：朱可欣　审核：戴立平）</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="prev-next">
<p>上一篇：<a href="/zhxw/1022.htm">学校召开2023年本科教学工作会议</a></p>
<p>下一篇：<a href="/zhxw/1024.htm">我校在全国大学生数学建模竞赛中获佳绩</a></p>
</div>
</div>
</div>
</div>
<div class="footer">
<p>版权所有 © 北川理工大学党委宣传部　地址：北川市学府路88号　邮编：061000</p>
<p><a href="https://beian.miit.gov.cn">冀ICP备05001234号-1</a>　冀公网安备13010202000123号</p>
</div>
</body>
</html>
"""
    write(f"{name}.html", page.encode("utf-8"))


def html_bureau_gbk(name):
    title, info, body = article(name)
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta charset="gb2312">
<title>{html.escape(title)}_柏川县教育局</title>
<style type="text/css">body{{margin:0;font-size:12px}} .dh a{{color:#fff}}</style>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="top">欢迎访问柏川县教育局网站　　今天是：<script>document.write(new Date().toLocaleDateString());</script></td></tr>
<tr><td class="dh"><a href="/">网站首页</a> | <a href="/jyzx/">教育资讯</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a> | <a href="/zcfg/">政策法规</a></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="240" valign="top" class="left">
<div class="lm">栏目导航</div>
<ul><li><a href="/jydt/jnyw/">局内要闻</a></li><li><a href="/jydt/xxdt/">学校动态</a></li><li><a href="/jydt/tzgg/">通知公告</a></li></ul>
<div class="lm">通知公告</div>
<ul><li><a href="/tzgg/211.html">关于做好2024年春季学期开学工作的通知</a></li>
<li><a href="/tzgg/209.html">关于公布2023年度县级优秀教师名单的通知</a></li></ul>
</td>
<td width="760" valign="top">
<div class="weizhi">您现在的位置：<a href="/">首页</a> &gt; <a href="/jydt/">教育动态</a> &gt; <a href="/jydt/jnyw/">局内要闻</a> &gt; 正文</div>
<table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td align="center" class="biaoti"><strong>{html.escape(title)}</strong></td></tr>
<tr><td align="center" class="xinxi">{html.escape(info)}</td></tr>
<tr><td class="zhengwen" id="zoom">
{ps(body)}
</td></tr>
<tr><td class="sxt">上一条：<a href="/jnyw/301.html">县教育局召开2024年党风廉政建设工作会议</a><br>下一条：<a href="/jnyw/305.html">全县中小学开展春季安全大检查</a></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
</td>
</tr>
</table>
<table width="1000" border="0" align="center" class="foot">
<tr><td align="center">主办单位：柏川县教育局　　地址：柏川县城关镇文化路16号　　电话：0839-7212345<br>
版权所有：柏川县教育局　　蜀ICP备12004567号　　技术支持：柏川县信息中心</td></tr>
</table>
</body>
</html>
"""
    write(f"{name}.html", page.encode("gbk"))  # declared gb2312, really GBK


def html_college(name):
    title, info, body = article(name)
    page = f"""<!doctype html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>湖滨职业技术学院-{html.escape(title)}</title>
<meta name="keywords" content="湖滨职业技术学院,湖滨职院">
</head>
<body>
<header>
<div class="welcome">欢迎访问湖滨职业技术学院！</div>
<nav><ul>
<li><a href="/">学院首页</a></li><li><a href="/xygk/">学院概况</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/jxjw/">教学教务</a></li><li><a href="/zsjy/">招生就业</a></li><li><a href="/dqgz/">党群工作</a></li><li><a href="/xxgk/">信息公开</a></li>
</ul></nav>
</header>
<section class="container">
<aside class="left">
<h2>新闻中心</h2>
<ul class="sub"><li class="on"><a href="/xwzx/xyyw/">学院要闻</a></li><li><a href="/xwzx/xbdt/">系部动态</a></li><li><a href="/xwzx/mtjj/">媒体聚焦</a></li></ul>
<h2>最新动态</h2>
<ul>
<li><a href="/xwzx/xyyw/520.html">学院召开2023年第11次院长办公会</a><span>06-21</span></li>
<li><a href="/xwzx/xyyw/517.html">学院召开全面从严治党工作会议</a><span>06-15</span></li>
<li><a href="/xwzx/xyyw/512.html">学院举行2023年技能大赛颁奖仪式</a><span>06-09</span></li>
</ul>
</aside>
<article class="right">
<div class="crumb">当前位置：学院首页 &gt; 新闻中心 &gt; 学院要闻 &gt; 正文</div>
<h1>{html.escape(title)}</h1>
<div class="info">{html.escape(info)}</div>
<div class="TRS_Editor">
{ps(body, indent=False)}
</div>
<p class="credit">编辑：卓雅　　审核：戚鸿飞</p>
<ul class="pn">
<li>上一篇：<a href="/xwzx/xyyw/521.html">学院举行2023届毕业典礼暨学位授予仪式</a></li>
<li>下一篇：<a href="/xwzx/xyyw/525.html">学院开展“安全生产月”主题宣传活动</a></li>
</ul>
</article>
</section>
<footer>
<p>版权所有：湖滨职业技术学院　地址：湖滨市高教园区明湖路1号　邮编：314000</p>
<p>浙ICP备10023456号　浙公网安备33040202000456号</p>
</footer>
</body>
</html>
"""
    write(f"{name}.html", page.encode("utf-8"))


JOBS = [
    (gbk, "x02_city_changwu_gbk"),
    (utf8_bom, "x03_edu_notice_bom"),
    (utf8_bom, "x04_hospital_bom"),
    (docx, "x05_company_gm_docx"),
    (html_univ, "x07_univ_report_html"),
    (gbk, "x09_street_office_gbk"),
    (docx, "x10_soe_table_docx"),
    (utf16le, "x14_safety_notice_utf16le"),
    (utf16be, "x15_library_short_utf16be"),
    (crlf, "x16_edu_bureau_crlf"),
    (lambda n: pdfify(n, 31), "x17_city_pdf_breaks"),
    (lambda n: pdfify(n, 29), "x18_univ_pdf_breaks"),
    (html_bureau_gbk, "x20_bureau_news_gbk_html"),
    (html_college, "x21_college_site_html"),
    (lambda n: docx(n, centered=3), "x22_health_notice_docx"),
    (utf8_bom, "x23_univ_party_minutes_bom"),
    (utf8_bom, "x24_college_report_bom"),
    (gbk, "x25_county_topic_gbk"),
]

if __name__ == "__main__":
    for fn, name in JOBS:
        fn(name)
        print("wrote", name)
