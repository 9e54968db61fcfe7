//! 督办通知单: one slip per unit of a document's published items, printed and as a .docx
//! that reads back with the right rows.

mod common;

use common::spawn_app;
use duban::digest::compose::NoticeMail;
use duban::domain::{Actor, ItemId, Role};
use duban::workflow;
use reqwest::StatusCode;

#[tokio::test]
async fn each_unit_gets_a_slip_of_its_items_and_the_docx_reads_back_with_those_rows() {
    // Arrange: three published items, two led by 教务处 (one helped by 后勤管理处), one
    // led by 后勤管理处; a draft that no slip lists.
    let app = spawn_app().await;
    let office = app.add_user("office", Role::Secretariat, None).await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    let jiaowu = app.unit_id("教务处").await;
    app.add_user("houqin", Role::UnitHead, Some("后勤管理处"))
        .await;
    let houqin = app.unit_id("后勤管理处").await;
    let document = app.insert_minutes().await;
    let due = chrono::NaiveDate::from_ymd_opt(2099, 6, 30);
    let a = app
        .insert_task(document, "修订教学管理办法", "draft", due, jiaowu, "lead")
        .await;
    let b = app
        .insert_task(document, "完成迎评材料", "draft", None, jiaowu, "lead")
        .await;
    let c = app
        .insert_task(document, "改造学生食堂", "draft", due, houqin, "lead")
        .await;
    app.insert_task(document, "尚在审核的事项", "draft", None, houqin, "lead")
        .await;
    sqlx::query("INSERT INTO item_units (item_id, unit_id, role) VALUES ($1, $2, 'co')")
        .bind(b)
        .bind(houqin)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let actor = Actor::new(office, Role::Secretariat, None).unwrap();
    let letters = NoticeMail {
        base_url: "http://127.0.0.1",
    };
    workflow::publish_items(
        &app.db.pool,
        &actor,
        &[ItemId(a), ItemId(b), ItemId(c)],
        false,
        &letters,
    )
    .await
    .unwrap();
    let clerk = app.browser("office").await;

    // Act
    let r = clerk
        .get(&format!("/documents/{document}/slips.docx"))
        .await;

    // Assert
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let decoded = duban::extract::decode::decode(&bytes, "通知单.docx").unwrap();
    let tables: Vec<Vec<Vec<String>>> = decoded
        .tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect()
        })
        .collect();
    let year = duban::domain::today_in_china().format("%Y").to_string();
    let n = |k: i32| format!("督〔{year}〕第{k}号");
    let header: Vec<String> = [
        "编号",
        "督办事项",
        "承办方式",
        "责任领导",
        "完成时限",
        "反馈要求",
    ]
    .map(str::to_owned)
    .to_vec();
    let line = |num: String, title: &str, part: &str, due: &str| {
        vec![
            num,
            title.to_owned(),
            part.to_owned(),
            String::new(),
            due.to_owned(),
            "按时限办结并报送结果".to_owned(),
        ]
    };
    assert_eq!(
        tables,
        vec![
            // 后勤管理处 and 教务处 both lead something; by name.
            vec![
                header.clone(),
                line(n(3), "改造学生食堂", "牵头", "2099年6月30日"),
                line(n(2), "完成迎评材料", "配合", "未定"),
            ],
            vec![
                header,
                line(n(1), "修订教学管理办法", "牵头", "2099年6月30日"),
                line(n(2), "完成迎评材料", "牵头", "未定"),
            ],
        ]
    );
    assert!(decoded.text.contains("后勤管理处："), "{}", decoded.text);
    assert!(decoded.text.contains("督查督办办公室督办通知单"));
    assert!(decoded.text.contains("签收人"));

    let print = clerk
        .get_html(&format!("/documents/{document}/slips"))
        .await;
    assert_eq!(print.matches("<section class=\"slip\"").count(), 2);
    assert!(!print.contains("尚在审核的事项"), "drafts are on no slip");
}

#[tokio::test]
async fn only_the_secretariat_prints_slips() {
    let app = spawn_app().await;
    app.add_user("jiaowu", Role::UnitHead, Some("教务处")).await;
    app.add_leader("leader", "陈副院长").await;
    let document = app.insert_minutes().await;
    for who in ["jiaowu", "leader"] {
        let b = app.browser(who).await;
        for path in [
            format!("/documents/{document}/slips"),
            format!("/documents/{document}/slips.docx"),
        ] {
            assert_eq!(
                b.get(&path).await.status(),
                StatusCode::NOT_FOUND,
                "{who} {path}"
            );
        }
    }
}
