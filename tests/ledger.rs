//! 督办台账: the filtered item list, its light boundaries, pagination, authorization, and the
//! .xlsx / .csv exports read back.

mod common;

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::{Duration, NaiveDate};
use common::{spawn_app, Browser, TestApp};
use duban::domain::{today_in_china, Role, UnitId};
use reqwest::StatusCode;
use scraper::{Html, Selector};

const HEADER: [&str; 12] = [
    "序号",
    "编号",
    "督办事项",
    "来源（会议/文件、文号、日期）",
    "牵头单位",
    "配合单位",
    "责任领导",
    "完成时限",
    "状态",
    "亮灯",
    "最新进展",
    "更新时间",
];

/// Items at every light boundary, led by 教务处 or 后勤管理处; with the secretariat and the
/// head of 教务处 logged in.
struct Scene {
    // Owns the server and its database; dropping it would end the scene.
    _app: TestApp,
    office: Browser,
    jiaowu_head: Browser,
    jiaowu: UnitId,
    houqin: UnitId,
    doc: i64,
    today: NaiveDate,
}

/// An item of `document` with a deadline `due_in` days from today (None: no deadline).
async fn insert_item(
    app: &TestApp,
    document: i64,
    title: &str,
    status: &str,
    due: Option<NaiveDate>,
    lead: UnitId,
    co: Option<UnitId>,
) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO items (document_id, kind, title, body, due_date, status) \
         VALUES ($1, 'task', $2, $2 || '的具体要求', $3, $4::item_status) RETURNING id",
    )
    .bind(document)
    .bind(title)
    .bind(due)
    .bind(status)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'lead')")
        .bind(id)
        .bind(lead)
        .execute(&app.db.pool)
        .await
        .unwrap();
    if let Some(co) = co {
        sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'co')")
            .bind(id)
            .bind(co)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    id
}

async fn scene() -> Scene {
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let (jiaowu, houqin) = (app.unit_id("教务处").await, app.unit_id("后勤管理处").await);
    let doc = app.insert_minutes().await;
    let today = today_in_china();
    let day = |n: i64| Some(today + Duration::days(n));
    for (title, status, due, lead, co) in [
        ("今天到期的事项", "assigned", day(0), jiaowu, None),
        ("七天后到期的事项", "in_progress", day(7), jiaowu, None),
        ("八天后到期的事项", "assigned", day(8), houqin, Some(jiaowu)),
        ("逾期一天的事项", "in_progress", day(-1), houqin, None),
        ("逾期办结的事项", "closed", day(-10), jiaowu, None),
        ("受阻的远期事项", "blocked", day(30), houqin, None),
        ("尚未交办的草稿", "draft", day(1), jiaowu, None),
        ("不予督办的号召", "dismissed", None, jiaowu, None),
    ] {
        insert_item(&app, doc, title, status, due, lead, co).await;
    }
    let office = app.browser("office").await;
    let jiaowu_head = app.browser("jiaowu").await;
    Scene {
        _app: app,
        office,
        jiaowu_head,
        jiaowu,
        houqin,
        doc,
        today,
    }
}

fn select_texts(html: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The item titles of a list page, in order.
fn titles(html: &str) -> Vec<String> {
    select_texts(html, "table.ledger td.title a")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

async fn list(b: &Browser, query: &str) -> Vec<String> {
    let r = b.get(&format!("/ledger?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "/ledger?{query}");
    titles(&r.text().await.unwrap())
}

#[tokio::test]
async fn lights_follow_the_deadline_boundaries() {
    // Arrange
    let s = scene().await;

    // Act
    let red = list(&s.office, "light=red").await;
    let yellow = list(&s.office, "light=yellow").await;
    let green = list(&s.office, "light=green").await;
    let done = list(&s.office, "light=done").await;

    // Assert
    assert_eq!(
        red,
        strings(&["逾期一天的事项"]),
        "overdue by one day is red"
    );
    assert_eq!(
        sorted(yellow),
        sorted(strings(&[
            "今天到期的事项",
            "七天后到期的事项",
            "受阻的远期事项"
        ])),
        "due today, due in 7 days and blocked are yellow"
    );
    assert_eq!(
        green,
        strings(&["八天后到期的事项"]),
        "due in 8 days is green"
    );
    assert_eq!(done, strings(&["逾期办结的事项"]), "closed late is done");
}

#[tokio::test]
async fn the_list_filters_by_unit_lead_or_helping_and_by_status() {
    // Arrange
    let s = scene().await;

    // Act
    let houqin = list(&s.office, &format!("unit={}", s.houqin)).await;
    let jiaowu = list(&s.office, &format!("unit={}", s.jiaowu)).await;
    let jiaowu_drafts = list(&s.office, &format!("unit={}&status=draft", s.jiaowu)).await;
    let statuses = list(&s.office, "status=closed&status=blocked").await;
    let text = list(&s.office, "q=逾期").await;
    let range = list(
        &s.office,
        &format!(
            "due_from={}&due_to={}",
            s.today,
            s.today + Duration::days(7)
        ),
    )
    .await;

    // Assert
    assert_eq!(
        houqin,
        strings(&["逾期一天的事项", "八天后到期的事项", "受阻的远期事项"]),
        "sorted by deadline"
    );
    assert_eq!(
        sorted(jiaowu),
        sorted(strings(&[
            "今天到期的事项",
            "七天后到期的事项",
            "八天后到期的事项",
            "逾期办结的事项",
        ])),
        "a helping unit's items are included; published ones only, by default"
    );
    assert_eq!(
        jiaowu_drafts,
        strings(&["尚未交办的草稿"]),
        "the secretariat sees drafts when it asks for them"
    );
    assert_eq!(
        sorted(statuses),
        sorted(strings(&["逾期办结的事项", "受阻的远期事项"]))
    );
    assert_eq!(
        sorted(text),
        sorted(strings(&["逾期一天的事项", "逾期办结的事项"]))
    );
    assert_eq!(
        sorted(range),
        sorted(strings(&["今天到期的事项", "七天后到期的事项"]))
    );
}

/// The ledger and its exports are of published items: drafts and 不予督办 items are the
/// secretariat's working material, listed when their statuses are asked for.
#[tokio::test]
async fn the_ledger_and_its_exports_hold_published_items_unless_drafts_or_dismissed_are_asked_for()
{
    // Arrange
    let s = scene().await;

    // Act
    let listed = list(&s.office, "").await;
    let csv = s.office.get("/ledger.csv").await.text().await.unwrap();
    let asked = list(&s.office, "status=draft&status=dismissed").await;

    // Assert
    assert_eq!(listed.len(), 6, "{listed:?}");
    for hidden in ["尚未交办的草稿", "不予督办的号召"] {
        assert!(!listed.iter().any(|t| t == hidden), "{listed:?}");
        assert!(!csv.contains(hidden), "{csv}");
    }
    assert_eq!(
        sorted(asked),
        sorted(strings(&["尚未交办的草稿", "不予督办的号召"]))
    );
}

#[tokio::test]
async fn the_list_pages_fifty_items_at_a_time_and_keeps_the_filter_in_its_links() {
    // Arrange
    let app = spawn_app().await;
    app.add_user("office", Role::Secretariat, Some("党委办公室"))
        .await;
    let unit = app.unit_id("党委办公室").await;
    let doc = app.insert_minutes().await;
    sqlx::query(
        "WITH made AS ( \
             INSERT INTO items (document_id, kind, title, body, due_date, status) \
             SELECT $1, 'task', '批量事项' || n, '', DATE '2030-01-01' + n, 'assigned' \
             FROM generate_series(1, 120) n RETURNING id) \
         INSERT INTO item_units (item_id, unit_id, role) SELECT id, $2, 'lead' FROM made",
    )
    .bind(doc)
    .bind(unit)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let office = app.browser("office").await;

    // Act
    let first = office.get_html("/ledger?status=assigned").await;
    let third = office.get_html("/ledger?status=assigned&page=3").await;

    // Assert
    assert_eq!(titles(&first).len(), 50);
    assert_eq!(titles(&first)[0], "批量事项1");
    assert_eq!(select_texts(&first, ".ledger-counts .total"), ["120"]);
    let next = Html::parse_document(&first);
    let next = next
        .select(&Selector::parse("a[rel=next]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .map(str::to_owned);
    assert_eq!(next.as_deref(), Some("?status=assigned&page=2"));
    assert_eq!(titles(&third).len(), 20);
    assert_eq!(titles(&third)[0], "批量事项101");
    assert_eq!(select_texts(&third, "table.ledger td.num")[0], "101");
}

async fn download(b: &Browser, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let r = b.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let headers = r.headers().clone();
    (headers, r.bytes().await.unwrap().to_vec())
}

/// Every non-empty row of the first sheet, as text.
fn xlsx_rows(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("督办台账").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn the_xlsx_export_has_a_title_a_header_and_the_filtered_rows_with_real_dates() {
    // Arrange
    let s = scene().await;

    // Act
    let (headers, bytes) = download(&s.office, "/ledger.xlsx?light=yellow&sort=due").await;

    // Assert
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains(&format!(
            "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E5%8F%B0%E8%B4%A6-{}.xlsx",
            s.today
        )),
        "{disposition}"
    );
    let rows = xlsx_rows(bytes);
    assert_eq!(text(&rows[0][0]), "督办台账");
    let header: Vec<String> = rows[2].iter().map(text).collect();
    assert_eq!(header, HEADER);
    let body = &rows[3..];
    let titles: Vec<String> = body.iter().map(|r| text(&r[2])).collect();
    assert_eq!(
        titles,
        ["今天到期的事项", "七天后到期的事项", "受阻的远期事项"]
    );
    assert_eq!(body[0][0].as_i64(), Some(1));
    assert_eq!(
        body[0][7].as_date(),
        Some(s.today),
        "完成时限 is a date cell"
    );
    assert_eq!(text(&body[0][4]), "教务处");
    assert_eq!(
        text(&body[0][3]),
        "2023年第11次党委（扩大）会议，院党委〔2023〕11号，2023年6月1日"
    );
    assert_eq!(text(&body[2][9]), "黄灯（受阻）");
}

#[tokio::test]
async fn the_csv_export_starts_with_a_bom_and_parses_back_to_the_filtered_rows() {
    // Arrange
    let s = scene().await;

    // Act
    let (headers, bytes) = download(&s.office, &format!("/ledger.csv?unit={}", s.houqin)).await;

    // Assert
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, HEADER);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let titles: Vec<&str> = records.iter().map(|r| &r[2]).collect();
    assert_eq!(
        titles,
        ["逾期一天的事项", "八天后到期的事项", "受阻的远期事项"]
    );
    let late = &records[0];
    assert_eq!(&late[0], "1");
    assert_eq!(&late[7], (s.today - Duration::days(1)).to_string());
    assert_eq!(&late[9], "红灯（逾期）");
    assert_eq!(&records[1][5], "教务处", "配合单位");
}

#[tokio::test]
async fn a_cell_that_would_read_as_a_formula_is_exported_as_text() {
    let s = scene().await;
    let doc = s.doc;
    let formula = "=HYPERLINK(\"http://evil.example\",\"点击查看\")";
    insert_item(&s._app, doc, formula, "assigned", None, s.houqin, None).await;

    let (_, bytes) = download(&s.office, "/ledger.csv").await;

    let titles: Vec<String> = csv::Reader::from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap()[2].to_owned())
        .collect();
    assert!(titles.contains(&format!("'{formula}")), "{titles:?}");
    assert!(titles.iter().all(|t| !t.starts_with('=')));
}

#[tokio::test]
async fn a_text_longer_than_an_excel_cell_holds_is_cut_not_refused() {
    let s = scene().await;
    let doc = s.doc;
    let long = "督办".repeat(20_000);
    insert_item(&s._app, doc, &long, "assigned", None, s.houqin, None).await;

    let (headers, bytes) = download(&s.office, "/ledger.xlsx").await;

    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let longest = xlsx_rows(bytes)
        .iter()
        .map(|row| row[2].to_string().chars().count())
        .max();
    assert_eq!(longest, Some(32_767));
}

#[tokio::test]
async fn a_unit_head_sees_only_their_units_published_items_in_the_list_and_the_exports() {
    // Arrange
    let s = scene().await;
    let theirs = sorted(strings(&[
        "今天到期的事项",
        "七天后到期的事项",
        "八天后到期的事项",
        "逾期办结的事项",
    ]));

    // Act
    let listed = list(&s.jiaowu_head, "").await;
    let other_unit = list(&s.jiaowu_head, &format!("unit={}", s.houqin)).await;
    let (_, csv_bytes) = download(&s.jiaowu_head, "/ledger.csv").await;
    let (_, xlsx_bytes) = download(&s.jiaowu_head, "/ledger.xlsx").await;
    let print = s.jiaowu_head.get_html("/ledger/print").await;

    // Assert
    assert_eq!(sorted(listed), theirs);
    assert_eq!(
        other_unit,
        strings(&["八天后到期的事项"]),
        "only the item 教务处 helps with"
    );
    let csv_titles: Vec<String> = csv::Reader::from_reader(&csv_bytes[3..])
        .records()
        .map(|r| r.unwrap()[2].to_owned())
        .collect();
    assert_eq!(sorted(csv_titles), theirs);
    let xlsx_titles: Vec<String> = xlsx_rows(xlsx_bytes)[3..]
        .iter()
        .map(|r| text(&r[2]))
        .collect();
    assert_eq!(sorted(xlsx_titles), theirs);
    assert_eq!(
        sorted(select_texts(&print, "table.ledger td.title")),
        theirs
    );
}

#[tokio::test]
async fn a_bad_filter_value_gives_422_with_a_chinese_message() {
    // Arrange
    let s = scene().await;

    for path in [
        "/ledger?light=purple",
        "/ledger.csv?due_from=2022-02-30",
        "/ledger.xlsx?unit=abc",
        "/ledger/print?sort=title",
    ] {
        // Act
        let r = s.office.get(path).await;

        // Assert
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("输入有误"), "{path}: {html}");
    }
    let html = s.office.get_html("/ledger?light=purple").await;
    assert!(html.contains("未知的亮灯：purple"), "{html}");
}

#[tokio::test]
async fn the_list_page_carries_its_filters_into_the_export_and_print_links() {
    // Arrange
    let s = scene().await;

    // Act
    let html = s
        .office
        .get_html(&format!("/ledger?unit={}&light=red", s.jiaowu))
        .await;
    let print = s
        .office
        .get_html(&format!("/ledger/print?unit={}&light=red", s.houqin))
        .await;

    // Assert
    let doc = Html::parse_document(&html);
    let hrefs: Vec<String> = doc
        .select(&Selector::parse(".ledger-exports a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    let q = format!("unit={}&light=red", s.jiaowu);
    assert_eq!(
        hrefs,
        [
            format!("/ledger.xlsx?{q}"),
            format!("/ledger.csv?{q}"),
            format!("/ledger/print?{q}"),
        ]
    );
    assert!(
        print.contains("<body class=\"ledger-print\">"),
        "A4 landscape, by the style sheet"
    );
    assert!(
        print.contains("填报单位（盖章）"),
        "a line to sign: {print}"
    );
    assert!(
        print.contains("单位：后勤管理处；已交办的事项（不含待交办、不予督办）；亮灯：红灯"),
        "{print}"
    );
    assert!(!print.contains("mainnav"), "no navigation when printing");
}
