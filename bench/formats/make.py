#!/usr/bin/env python3
"""Makes the documents of the format benchmark (bench/formats.sh) from text written here.

- notice-20-pages.pdf: a 20-page 通知 typeset the way 公文 systems do (reportlab, the
  non-embedded CID font STSong-Light through a predefined CMap), page numbers at the foot.
- task-table-200.xlsx and task-table-200.docx: a 任务分工表 of 200 tasks under 10
  categories (a category row merged across, lead units merged down over runs of rows).
- task-table-200.pdf: the .docx as a PDF by LibreOffice (its rulings are read to find the
  merged cells).

Needs reportlab, openpyxl and python-docx (pip), and LibreOffice (`soffice`). The generated files are committed; only
regenerating them needs these packages.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent

UNITS = ["办公室", "组织部", "宣传部", "教务处", "科研处", "人事处", "财务处",
         "学生工作部", "后勤管理处", "基建处", "国际交流处", "图书馆"]
VERBS = ["制定", "完善", "推进", "落实", "组织开展", "督促检查", "研究出台", "建立健全"]
OBJECTS = ["人才培养方案修订工作", "科研项目经费管理制度", "校园安全隐患排查整治",
           "新校区建设规划", "教师队伍建设三年行动计划", "学生资助政策宣传",
           "实验室安全管理办法", "档案信息化建设", "对外合作交流项目", "节能降耗专项行动"]
CATEGORIES = ["一、加强党的建设", "二、深化教育教学改革", "三、提升科研创新能力",
              "四、建设高素质教师队伍", "五、完善学生工作体系", "六、推进校园基础设施建设",
              "七、扩大对外开放", "八、强化安全稳定", "九、提高管理服务水平", "十、加强作风建设"]


def task(n):
    return f"{VERBS[n % len(VERBS)]}{OBJECTS[(n * 7) % len(OBJECTS)]}（第{n}项），形成书面材料报学校办公室"


def rows():
    """(category, number, task, lead, co, due) for 200 tasks; leads change every 3 rows."""
    out = []
    for n in range(1, 201):
        category = CATEGORIES[(n - 1) // 20]
        lead = UNITS[((n - 1) // 3) % len(UNITS)]
        co = "、".join(dict.fromkeys([UNITS[(n + 4) % len(UNITS)], UNITS[(n + 7) % len(UNITS)]]))
        due = f"2027年{(n % 12) + 1}月底前"
        out.append((category, n, task(n), lead, co, due))
    return out


def pdf():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = HERE / "notice-20-pages.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    size, leading, margin = 15, 28, 80
    per_line = int((width - 2 * margin) / size)
    paragraphs = ["关于印发《学校2027年重点工作任务》的通知", "各学院、各部门："]
    for n in range(1, 121):
        paragraphs.append(
            f"（{n}）{task(n)}。由{UNITS[n % len(UNITS)]}牵头，{UNITS[(n + 3) % len(UNITS)]}配合，"
            f"于2027年{(n % 12) + 1}月底前完成，并每月底前报送进展情况。各单位要高度重视，"
            f"明确责任人和时间节点，确保各项任务按期完成。")
    lines = []
    for p in paragraphs:
        text = "　　" + p
        while text:
            lines.append(text[:per_line])
            text = text[per_line:]
    per_page = int((height - 2 * margin) / leading)
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)][:20]
    for number, page in enumerate(pages, 1):
        c.setFont("STSong-Light", size)
        y = height - margin
        for line in page:
            c.drawString(margin, y, line)
            y -= leading
        c.setFont("STSong-Light", 12)
        c.drawCentredString(width / 2, 40, f"— {number} —")
        c.showPage()
    c.save()
    assert len(pages) == 20, len(pages)


def xlsx():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工"
    ws.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    r = 2
    current = None
    lead_start = None
    for category, n, text, lead, co, due in rows():
        if category != current:
            ws.append([category])
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            r += 1
            current = category
        ws.append([n, text, lead, co, due])
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True)
        r += 1
    # Lead units merged down where consecutive rows share one.
    start = 2
    while start < r:
        value = ws.cell(row=start, column=3).value
        end = start
        while value and end + 1 < r and ws.cell(row=end + 1, column=3).value == value:
            end += 1
        if end > start:
            for row in range(start + 1, end + 1):
                ws.cell(row=row, column=3).value = None
            ws.merge_cells(start_row=start, start_column=3, end_row=end, end_column=3)
        start = end + 1
    wb.save(HERE / "task-table-200.xlsx")


def docx_table():
    from docx import Document

    doc = Document()
    doc.add_paragraph("学校2027年重点工作任务分工方案")
    data = rows()
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]):
        cell.text = text
    current = None
    lead_from = None
    for category, n, text, lead, co, due in data:
        if category != current:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[4])
            merged.text = category
            current = category
            lead_from = None
        row = table.add_row()
        cells = row.cells
        cells[0].text, cells[1].text, cells[3].text, cells[4].text = str(n), text, co, due
        if lead_from is not None and lead_from[1] == lead:
            top = lead_from[0]
            top.merge(cells[2])
        else:
            cells[2].text = lead
            lead_from = (cells[2], lead)
    doc.save(HERE / "task-table-200.docx")


def table_pdf():
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(HERE), str(HERE / "task-table-200.docx")],
            check=True, capture_output=True,
        )


if __name__ == "__main__":
    pdf()
    xlsx()
    docx_table()
    table_pdf()
    print("made", ", ".join(sorted(p.name for p in HERE.iterdir() if p.suffix in {".pdf", ".xlsx", ".docx"})))
