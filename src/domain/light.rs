//! The traffic light (红黄绿灯) of a published item and the cause it is lit for. Both are
//! derived in SQL (`store::light`), never stored and never recomputed in Rust: every
//! page, export, digest and count reads the one expression.

use super::vocabulary::vocabulary;

vocabulary! {
    /// The traffic light of a published item.
    pub enum Light("亮灯"): url {
        /// Overdue, or a report missed, or a part of it overdue.
        Red = "red" => "红灯",
        /// Close to a deadline or a report, blocked, or behind schedule.
        Yellow = "yellow" => "黄灯",
        /// On track.
        Green = "green" => "绿灯",
        /// Reported done or closed: no longer lit.
        Done = "done" => "已完成",
    }
}

vocabulary! {
    /// Why an item shows its light: the first that holds, in this order. Stored nowhere;
    /// read from the SQL that derives it.
    pub enum LightCause("亮灯原因"): text {
        Done = "done" => "已完成",
        Overdue = "overdue" => "逾期",
        /// 缺报: a reporting period ended with no report from a lead unit.
        ReportMissed = "report_missed" => "缺报",
        PartLate = "part_late" => "子任务逾期或缺报",
        Blocked = "blocked" => "受阻",
        DueSoon = "due_soon" => "临期",
        /// A report is due within the office's notice and not yet made.
        ReportDue = "report_due" => "临近报送",
        /// 进度滞后: stated progress behind the share of time elapsed.
        Behind = "behind" => "进度滞后",
        PartWarn = "part_warn" => "子任务预警",
        OnTrack = "on_track" => "正常推进",
    }
}

impl Light {
    /// The heading of a list of items lit so, naming what lights them.
    pub fn heading(self) -> &'static str {
        match self {
            Light::Red => "红灯 · 逾期或缺报",
            Light::Yellow => "黄灯 · 临期、受阻或滞后",
            Light::Green => "绿灯 · 正常推进",
            Light::Done => "已完成",
        }
    }
}

impl LightCause {
    pub fn light(self) -> Light {
        match self {
            LightCause::Done => Light::Done,
            LightCause::Overdue | LightCause::ReportMissed | LightCause::PartLate => Light::Red,
            LightCause::Blocked
            | LightCause::DueSoon
            | LightCause::ReportDue
            | LightCause::Behind
            | LightCause::PartWarn => Light::Yellow,
            LightCause::OnTrack => Light::Green,
        }
    }

    /// The light with its reason, as lists and exports show it: 红灯（缺报）, 绿灯.
    pub fn describe(self) -> String {
        match self.light() {
            Light::Red | Light::Yellow => format!("{}（{}）", self.light().label(), self.label()),
            light => light.label().to_owned(),
        }
    }

    /// The causes of `light`, in the order they are tested.
    pub fn of_light(light: Light) -> impl Iterator<Item = LightCause> {
        Self::ALL.into_iter().filter(move |c| c.light() == light)
    }
}

/// Days before a deadline within which the unit head's 待办 lists an item (a date window,
/// apart from the light, whose warning days depend on the item's level).
pub const SOON_DAYS: i64 = 7;
