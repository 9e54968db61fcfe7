//! Owners: which bodies a sentence makes responsible (牵头单位) or helping (配合单位).
//!
//! A body is recognised by the shape of its name, the way a clerk does: a unit ends in an
//! organisational word (部, 处, 室, 中心, 系, 办公室, 局, 学校, 委, 院, 公司…), a class of
//! units starts with 各 (各市, 各部门, 各县（市、区）教育科技局), an official is a post
//! followed by a name (副县长石晶). Names in the unit directory (`DocContext::units`) are
//! bodies too. Whole collectives (学院, 全院上下, 我们) and groups of people (…负责人,
//! …成员, 老师) are not owners.
//!
//! Owners are written as a clerk writes them: a list splits at 、/和/及/与 outside brackets
//! (各区镇、街道和各部门 is three; 市自然资源和规划局 stays one), a class noun shared by a
//! list of fields is dropped (发展改革、统计等部门 → 发展改革, 统计), verbs and adverbs are
//! no part of a name (充分发挥区应急局统筹作用, 市住建局具体负责), an official made lead
//! keeps the posts the text gives (县委常委、常务副县长郭强, 周立新同志, 王志刚副县长), and
//! what describes a class before its 各 is dropped. Helpers are co-owners: Y配合/协助, the
//! partner in X会同/商/联合Y and X与Y协同, bodies named by a helping role (配合部门,
//! Y为配合单位, Y(配合)); the body a helper helps is the owner (X要协助Y… → Y).

use std::sync::LazyLock;

use super::charset::CharSet;
use super::normalize::{starts_with_chars, string_of, WordList};

/// Organisational words a unit's name ends with; longer ones first.
const UNIT_SUFFIXES: &[&str] = &[
    "车间",
    "店",
    "厂",
    "场",
    "办公室",
    "委员会",
    "委会",
    "指挥部",
    "工作组",
    "实验室",
    "教研室",
    "研究所",
    "研究院",
    "幼儿园",
    "中心",
    "系部",
    "部门",
    "单位",
    "学校",
    "院校",
    "大学",
    "学院",
    "党组织",
    "党总支",
    "党支部",
    "总支",
    "支部",
    "党委",
    "党组",
    "政府",
    "公司",
    "集团",
    "企业",
    "机构",
    "团委",
    "工会",
    "医院",
    "中学",
    "小学",
    "协会",
    "学会",
    "基地",
    "街道",
    "社区",
    "专班",
    "小组",
    "分院",
    "分校",
    "银行",
    // A company's organs.
    "董事会",
    "监事会",
    "管理层",
    "经营层",
    "经理层",
    // People's organisations named by their short form.
    "妇联",
    "残联",
    "侨联",
    "文联",
    "工商联",
    "社科联",
    "科协",
    "部",
    "处",
    "室",
    "局",
    "委",
    "院",
    "厅",
    "系",
    "办",
    "科",
    "股",
    "所",
    "馆",
    "站",
    "队",
    "组",
    "校",
    "司",
    "署",
    "社",
    "团",
    "镇",
    "乡",
    "村",
    "市",
    "县",
    "省",
    "州",
    "旗",
    // Districts that are bodies (a 新区's 管委会), not the areas of a site (储罐区, 生活区).
    "开发区",
    "高新区",
    "新区",
    "示范区",
    "保税区",
    "合作区",
    "试验区",
    "管理区",
];

/// The last characters of [`UNIT_SUFFIXES`], of the class heads after 各 and of the bodies
/// named by their organisational word alone (团委, 妇联, 共青团).
static UNIT_LAST_CHARS: LazyLock<CharSet> = LazyLock::new(|| {
    let lasts: String = UNIT_SUFFIXES
        .iter()
        .chain(CLASS_HEADS)
        .chain(&["妇联", "共青团"])
        .filter_map(|s| s.chars().last())
        .collect();
    CharSet::new(&lasts)
});

/// Endings that look like an organisational word but name something else.
const NOT_UNIT_ENDINGS: &[&str] = &[
    "体系",
    "关系",
    "联系",
    "派系",
    "格局",
    "布局",
    "大局",
    "全局",
    "结局",
    "场所",
    "网站",
    "干部",
    "全部",
    "部署",
    "签署",
    "内部",
    "外部",
    "局部",
    "举办",
    "创办",
    "学科",
    "之处",
    "好处",
    "难处",
    "住院",
    "出院",
    "大会",
    "全会",
    "社会",
    "机会",
    "体会",
    "年会",
    "协会会",
    "大队伍",
    "工作站",
    // Half of a post (王志刚副县长), not a county.
    "副县",
    "副市",
    "副区",
    "副省",
    // Areas, not the bodies that govern them.
    "地区",
    "城市",
    "城区",
    "市区",
    "辖区",
    "片区",
    "景区",
    "灾区",
    "山区",
    "牧区",
    "矿区",
    "库区",
    "湖区",
    "功能区",
    "都市",
    "超市",
    "城乡",
];

/// Endings that name people rather than bodies.
const PEOPLE_ENDINGS: &[&str] = &[
    "负责人",
    "负责同志",
    "同志",
    "成员",
    "干部",
    "老师",
    "教师",
    "学生",
    "党员",
    "职工",
    "员工",
    "人员",
    "代表",
    "委员",
    "专家",
    "班子",
    "领导",
    "师生",
    "群众",
    "大家",
    "我们",
    "同学",
    "上下",
    "个人",
    "本人",
    "自己",
    "人",
];

/// Single words for the whole collective.
const COLLECTIVES: &[&str] = &[
    "学院",
    "学校",
    "我院",
    "我校",
    "本院",
    "本校",
    "公司",
    "本公司",
    "我们",
    "大家",
    "本单位",
    "我局",
    "本局",
    "我委",
    "本委",
    "我厅",
    "本厅",
    "大学",
    "我司",
    "本部门",
    "各级",
    "我市",
    "本市",
    "我县",
    "本县",
    "我区",
    "本区",
    "我省",
    "本省",
    "我镇",
    "本镇",
];

/// What may follow 各 to name a class of bodies (各市, 各县, 各单位).
const CLASS_HEADS: &[&str] = &[
    "市",
    "县",
    "区",
    "省",
    "州",
    "盟",
    "旗",
    "乡",
    "镇",
    "村",
    "校",
    "院",
    "系",
    "地",
    "地市",
    "县区",
    "区镇",
    "乡镇",
    "市县",
    "地区",
    "单位",
    "部门",
    "学院",
    "学校",
    "二级学院",
    "街道",
    "社区",
    "科室",
    "处室",
];

/// Words that stand before 同志 for people in general, not a name (负责同志, 有关同志).
const NOT_NAMES: &[&str] = &[
    "负责",
    "有关",
    "相关",
    "全体",
    "广大",
    "各位",
    "分管",
    "主要",
    "其他",
    "其余",
    "党员",
    "领导",
    "青年",
    "年轻",
    "老年",
    "基层",
    "一线",
    "机关",
    "参会",
    "与会",
    "该",
    "干部",
    "先进",
    "优秀",
    "新任",
    "离退休",
];

/// Posts that make an official a possible lead (副县长石晶牵头).
const POSTS: &[&str] = &[
    "县长",
    "市长",
    "区长",
    "镇长",
    "乡长",
    "局长",
    "院长",
    "校长",
    "书记",
    "主任",
    "部长",
    "处长",
    "科长",
    "厅长",
    "经理",
    "总监",
    "主席",
    "秘书长",
    "组长",
    "馆长",
    "所长",
    "站长",
    "队长",
    "董事长",
    "总裁",
    "行长",
    "会长",
    "社长",
    "理事长",
    "检察长",
    "庭长",
    "台长",
    "指挥长",
    "总工程师",
    "总会计师",
];

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn ends_with_any(s: &str, list: &[&str]) -> bool {
    list.iter().any(|x| ends_with(s, x))
}

/// A list of endings grouped by their last character: names are tested against long lists
/// of endings, and only the few that end like the name need comparing.
struct Endings(Vec<(char, Vec<&'static str>)>);

impl Endings {
    fn new(words: &[&'static str]) -> Self {
        let mut groups: Vec<(char, Vec<&'static str>)> = Vec::new();
        for &e in words {
            let Some(end) = e.chars().last() else {
                continue;
            };
            match groups.iter_mut().find(|(c, _)| *c == end) {
                Some((_, g)) => g.push(e),
                None => groups.push((end, vec![e])),
            }
        }
        groups.sort_by_key(|&(c, _)| c);
        Self(groups)
    }

    /// The endings that end with the same character as `s`, in table order.
    fn like(&self, s: &str) -> &[&'static str] {
        s.chars()
            .last()
            .and_then(|last| self.0.binary_search_by_key(&last, |&(c, _)| c).ok())
            .map_or(&[], |k| &self.0[k].1)
    }

    fn ends(&self, s: &str) -> bool {
        self.like(s).iter().any(|e| s.ends_with(e))
    }
}

static PEOPLE: LazyLock<Endings> = LazyLock::new(|| Endings::new(PEOPLE_ENDINGS));
static NOT_UNIT: LazyLock<Endings> = LazyLock::new(|| Endings::new(NOT_UNIT_ENDINGS));
static SUFFIXES: LazyLock<Endings> = LazyLock::new(|| Endings::new(UNIT_SUFFIXES));
static POST_WORDS: LazyLock<Endings> = LazyLock::new(|| Endings::new(POSTS));

/// `s.ends_with(suffix)`, comparing the last bytes before calling out to compare the rest:
/// names are tested against long lists of endings and most differ in their last byte.
fn ends_with(s: &str, suffix: &str) -> bool {
    match (s.as_bytes().last(), suffix.as_bytes().last()) {
        (Some(a), Some(b)) if a != b => false,
        _ => s.ends_with(suffix),
    }
}

/// Removes a trailing parenthetical: 办公室(党委办公室) → 办公室.
fn strip_paren_tail(s: &str) -> &str {
    if s.ends_with(')') {
        if let Some(p) = s.rfind('(') {
            if p > 0 {
                return &s[..p];
            }
        }
    }
    s
}

/// What recognising a body needs besides the text: the unit directory.
#[derive(Debug, Default)]
pub struct Directory {
    /// Known unit names, normalised (NFKC, no white space).
    known: Vec<String>,
}

impl Directory {
    #[must_use]
    pub fn new(units: &[String]) -> Self {
        let known = units
            .iter()
            .map(|u| {
                let n = super::Norm::new(u);
                n.chars
                    .iter()
                    .filter(|&&c| c != super::normalize::BREAK)
                    .collect::<String>()
            })
            .filter(|u: &String| u.chars().count() >= 2)
            .collect();
        Self { known }
    }

    /// Whether `s` (normalised) names a body that can be given work.
    #[must_use]
    pub fn is_unit(&self, s: &str) -> bool {
        let n = s.chars().count();
        if !(2..=24).contains(&n) {
            return false;
        }
        if self
            .known
            .iter()
            .any(|k| s == k || (s.ends_with(k.as_str()) && k.chars().count() >= 3))
        {
            return true;
        }
        if !s
            .chars()
            .all(|c| is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | '、' | '·'))
        {
            return false;
        }
        if COLLECTIVES.contains(&s) || s.starts_with('全') || s.starts_with("我们") {
            return false;
        }
        // A date inside is a clause, not a name (于6月20日前将…报送培训中心).
        if s.bytes().any(|b| b.is_ascii_digit()) && (s.contains('月') || s.contains('日')) {
            return false;
        }
        // Bodies whose usual name is just the organisational word.
        if matches!(
            s,
            "团委" | "工会" | "党委" | "纪委" | "校办" | "院办" | "党办" | "妇联" | "共青团"
        ) {
            return true;
        }
        let core = strip_paren_tail(s);
        if PEOPLE.ends(core) {
            return false;
        }
        if let Some(rest) = core.strip_prefix('各') {
            let rest_head = rest.split('(').next().unwrap_or(rest);
            if CLASS_HEADS.contains(&rest)
                || (CLASS_HEADS.contains(&rest_head) && rest.ends_with(')'))
            {
                return true;
            }
            return !NOT_UNIT.ends(core) && self.has_unit_suffix(rest, true);
        }
        !NOT_UNIT.ends(core) && self.has_unit_suffix(core, false)
    }

    /// Whether a body's name can end with `c`: the last character of an organisational
    /// word or of a known unit, or a closing bracket.
    fn may_end_unit(&self, c: char) -> bool {
        c == ')' || UNIT_LAST_CHARS.contains(c) || self.known.iter().any(|k| k.ends_with(c))
    }

    fn has_unit_suffix(&self, core: &str, after_ge: bool) -> bool {
        let n = core.chars().count();
        SUFFIXES.like(core).iter().any(|suf| {
            core.ends_with(suf) && {
                let sl = suf.chars().count();
                // A one-character suffix needs a name in front of it (财务部, not 部).
                n > sl && (sl > 1 || n >= 3 || after_ge)
            }
        })
    }

    /// Whether `s` names an official by post and name (副县长石晶) or as a comrade
    /// (周立新同志), the way minutes name the leader a job is given to.
    #[must_use]
    pub fn is_official(s: &str) -> bool {
        let n = s.chars().count();
        if n > 14 || !s.chars().all(is_han) {
            return false;
        }
        if let Some(name) = s.strip_suffix("同志") {
            return (2..=3).contains(&(n - 2)) && !NOT_NAMES.iter().any(|w| name.starts_with(w));
        }
        // A post, then a name of two or three characters (Han characters are 3 bytes), or
        // the name first (王强副市长).
        [2, 3]
            .iter()
            .any(|&k| s.len() > 3 * k && POST_WORDS.ends(&s[..s.len() - 3 * k]))
            || POST_WORDS.like(s).iter().any(|p| {
                s.strip_suffix(p).is_some_and(|rest| {
                    let name = ["常务副", "副"]
                        .iter()
                        .find_map(|d| rest.strip_suffix(d))
                        .unwrap_or(rest);
                    (6..=9).contains(&name.len())
                })
            })
    }

    /// Whether `s` is a post without a name (县委常委, 常务副县长), the first of the posts
    /// that one official holds (县委常委、常务副县长郭强).
    fn is_post(s: &str) -> bool {
        let n = s.chars().count();
        (2..=12).contains(&n)
            && s.chars().all(is_han)
            && (POST_WORDS.ends(s) || ends_with_any(s, &["常委", "党组成员", "党委委员"]))
    }

    /// Whether `s` is a role group named by post (各位分管副市长, 各分管副县长): not a body,
    /// but a clerk records them as owners when they are given the job.
    fn is_role_group(s: &str) -> bool {
        let Some(rest) = s.strip_prefix("各位").or_else(|| s.strip_prefix('各')) else {
            return false;
        };
        let n = rest.chars().count();
        (2..=8).contains(&n) && rest.chars().all(is_han) && POST_WORDS.ends(rest)
    }

    /// Splits `s` into bodies (at top-level 、 and 和/及/与), or `None` unless every part is
    /// one. A people word at the end covers all parts (各级党组织、各部门负责人 are people).
    #[must_use]
    pub fn unit_list(&self, s: &str, allow_officials: bool) -> Option<Vec<String>> {
        let s = s.trim_matches(|c| matches!(c, ',' | '、' | ':'));
        let last = s.chars().last()?;
        // Without officials, a list ends with an organisational word or a post: most
        // candidate subjects are rejected here, before any splitting.
        if !allow_officials && !self.may_end_unit(last) && !POST_WORDS.ends(s) {
            return None;
        }
        if let Some(fields) = self.field_list(s) {
            return Some(fields);
        }
        let mut out = Vec::new();
        // Posts waiting for the official who holds them (县委常委、常务副县长郭强).
        let mut posts: Option<String> = None;
        // A list that begins with a class lends its 各 to bare class words (各区镇、街道).
        let mut class_list = false;
        for (k, part) in split_top_level(s, '、').into_iter().enumerate() {
            if part.is_empty() {
                return None;
            }
            if allow_officials
                && !part.starts_with('各')
                && Self::is_post(part)
                && !Self::is_official(part)
            {
                posts = Some(match posts {
                    Some(p) => format!("{p}、{part}"),
                    None => part.to_string(),
                });
                continue;
            }
            if let Some(p) = posts.take() {
                if !Self::is_official(part) {
                    return None;
                }
                out.push(format!("{p}、{part}"));
                continue;
            }
            if k == 0 {
                class_list = part.starts_with('各');
            }
            out.extend(self.conjoined(part, allow_officials, class_list)?);
        }
        // Posts with no name after them name the official by post (由分管副县长牵头).
        if let Some(p) = posts {
            out.push(p);
        }
        Some(out)
    }

    /// The bodies of one `、`-part, split at 和/及/与 when every piece is a body
    /// (组织人事部和宣传统战部); a name with 和 inside (市自然资源和规划局) stays whole.
    fn conjoined(
        &self,
        part: &str,
        allow_officials: bool,
        class_list: bool,
    ) -> Option<Vec<String>> {
        for sep in ["以及", "和", "及", "与"] {
            if !part.contains(sep) {
                continue;
            }
            let pieces = split_top_level_str(part, sep);
            if pieces.len() > 1 {
                let bodies: Option<Vec<String>> = pieces
                    .iter()
                    .map(|p| self.one_body(p, allow_officials, class_list))
                    .collect();
                if bodies.is_some() {
                    return bodies;
                }
            }
        }
        self.one_body(part, allow_officials, class_list)
            .map(|b| vec![b])
    }

    /// `p` as one owner: a body, an official, a role group, or a bare class word after a
    /// class (街道 in 各区镇、街道).
    fn one_body(&self, p: &str, allow_officials: bool, class_list: bool) -> Option<String> {
        let p = cut_modifier(p);
        let ok = self.is_unit(p)
            || (allow_officials && Self::is_official(p))
            || Self::is_role_group(p)
            || (class_list && is_bare_class(p));
        ok.then(|| p.to_string())
    }

    /// `发展改革、统计等部门`, `县应急局等相关单位`, `财政、审计部门`: a list that ends with a
    /// class noun shared by its parts names each part (fields of work or bodies); the class
    /// noun names no body of its own.
    fn field_list(&self, s: &str) -> Option<Vec<String>> {
        if !(s.contains('等') || (s.contains('、') && (s.ends_with("部门") || s.ends_with("单位"))))
        {
            return None;
        }
        let (head, listed) = match s.rfind('等') {
            Some(at) if is_class_noun(&s[at + '等'.len_utf8()..]) => (&s[..at], true),
            _ => (s, false),
        };
        let mut parts = split_top_level(head, '、');
        if !listed {
            // The last field carries the class noun: 发展改革、财政、审计部门.
            let last = parts.pop()?;
            let field = ["部门", "单位"].iter().find_map(|c| last.strip_suffix(c))?;
            if parts.is_empty() || !self.is_field(field) || parts.iter().any(|p| !self.is_field(p))
            {
                return None;
            }
            parts.push(field);
            return Some(parts.into_iter().map(str::to_string).collect());
        }
        let mut out = Vec::new();
        for part in parts {
            let one = |p: &str| (self.is_unit(p) || self.is_field(p)).then(|| p.to_string());
            // 清泉镇和发展改革
            let pieces = ["和", "及", "与"].iter().find_map(|sep| {
                let pieces = split_top_level_str(part, sep);
                if pieces.len() < 2 {
                    return None;
                }
                pieces
                    .iter()
                    .map(|p| one(p))
                    .collect::<Option<Vec<String>>>()
            });
            match pieces {
                Some(p) => out.extend(p),
                None => out.push(one(part)?),
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Whether `p` names a field of work that stands for its department (发展改革, 住建,
    /// 农业农村, 残联) rather than a body by its own name.
    fn is_field(&self, p: &str) -> bool {
        let n = p.chars().count();
        (2..=6).contains(&n)
            && p.chars().all(is_han)
            && !COLLECTIVES.contains(&p)
            && !["各", "全", "相关", "有关", "其他", "其余", "所有"]
                .iter()
                .any(|w| p.starts_with(w))
            && !PEOPLE.ends(p)
            && !NOT_UNIT.ends(p)
            && !self.is_unit(p)
    }

    /// The bodies named right at the start of `s` (after 请, 责成…): the longest run of
    /// `、`-separated names, each ending where the verb phrase begins.
    #[must_use]
    pub fn leading_units(&self, s: &[char]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut at = 0;
        let mut strict = false;
        loop {
            // A list that begins with a class lends its 各 to bare class words (各区镇、街道).
            let class_list = out.first().is_some_and(|o| o.starts_with('各'));
            let bare = if class_list {
                class_word_prefix(&s[at..])
            } else {
                None
            };
            let Some(end) = bare.or_else(|| self.unit_prefix(&s[at..], strict)) else {
                break;
            };
            out.push(string_of(&s[at..at + end]));
            at += end;
            match (s.get(at), s.get(at + 1)) {
                (Some('、'), _) => at += 1,
                (Some('及'), Some('时')) => break,
                (Some('和' | '及'), _) => {
                    at += 1;
                    strict = true;
                }
                _ => break,
            }
        }
        out
    }

    /// Length of the body name at the start of `s`, if one is there.
    fn unit_prefix(&self, s: &[char], strict: bool) -> Option<usize> {
        let mut depth = 0i32;
        let max = s.len().min(24);
        for end in 2..=max {
            match s[end - 1] {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth != 0 {
                continue;
            }
            if !self.may_end_unit(s[end - 1]) {
                continue;
            }
            let next = &s[end..];
            if !boundary_follows(next) {
                continue;
            }
            let cand = string_of(&s[..end]);
            if self.is_unit(&cand) {
                return Some(end);
            }
        }
        // No verb phrase recognised after the name: take the first name that the next
        // characters do not lengthen (县新华书店做好… → 县新华书店).
        if strict {
            return None;
        }
        for end in 3..=max {
            if !self.may_end_unit(s[end - 1]) {
                continue;
            }
            let cand = string_of(&s[..end]);
            // 请于6月20日前将…报送X中心: a name starts with no preposition.
            if self.is_unit(&cand)
                && !cand.starts_with('各')
                && !cand.starts_with(|c| "于在将把对向从按经".contains(c))
            {
                let longer = (1..=4).any(|k| {
                    end + k <= s.len()
                        && self.may_end_unit(s[end + k - 1])
                        && self.is_unit(&s[..end + k].iter().collect::<String>())
                });
                if !longer {
                    return Some(end);
                }
            }
        }
        None
    }
}

/// Whether `p` is a class word without its 各, after a class that lends it one: 街道 in
/// 各区镇、街道; 县(市、区) in 各市(州)、县(市、区).
fn is_bare_class(p: &str) -> bool {
    if let Some(head) = p
        .strip_suffix(')')
        .and_then(|h| h.split_once('('))
        .map(|(h, _)| h)
    {
        return CLASS_HEADS.contains(&head);
    }
    p.chars().count() >= 2 && CLASS_HEADS.contains(&p)
}

/// Length of a bare class word (街道, 社区, 部门) at the start of `s`, followed by a
/// separator or a verb.
fn class_word_prefix(s: &[char]) -> Option<usize> {
    CLASS_HEADS.iter().find_map(|h| {
        let n = h.chars().count();
        (n >= 2 && starts_with(s, h) && boundary_follows(&s[n..])).then_some(n)
    })
}

/// Words that begin where a body's name must end: a verb, a modal, a connective.
const BOUNDARY_STARTS: &[&str] = &[
    "要",
    "须",
    "必须",
    "应当",
    "应",
    "于",
    "在",
    "及时",
    "按",
    "将",
    "把",
    "对",
    "做好",
    "认真",
    "立即",
    "尽快",
    "抓紧",
    "务必",
    "切实",
    "进一步",
    "加强",
    "会同",
    "配合",
    "协助",
    "组织",
    "根据",
    "结合",
    "以",
    "向",
    "负责",
    "牵头",
    "具体",
    "共同",
    "分别",
    "抓",
    "做",
    "开展",
    "落实",
    "完成",
    "报",
    "上报",
    "提交",
    "制定",
    "研究",
    "统筹",
    "督促",
    "继续",
    "全面",
    "积极",
    "迅速",
    "从",
    "自",
    "就",
    "为",
    "每",
    "严格",
    "提前",
    "加快",
    "抓紧",
    "逐一",
    "督促",
    "联合",
    "尽快",
    "按时",
    "严格",
    "牵头",
    "会同",
    "协同",
    "及",
    "和",
    "、",
    "等",
    "在",
    "也",
    "还",
    "再",
    "即",
    "一并",
    "准备",
    "编制",
    "起草",
    "安排",
    "通知",
    "联系",
    "指导",
    "协调",
    "承办",
    "主办",
    "做到",
    "确保",
    "认真",
    "按照",
    "依据",
    "围绕",
    "针对",
    "参照",
    "会商",
    "征求",
    "收集",
    "汇总",
    "梳理",
    "整理",
    "修订",
    "印发",
    "发布",
    "召开",
    "举办",
    "启动",
    "推进",
    "实施",
    "建立",
    "健全",
    "完善",
    "开发",
    "建设",
    "办理",
    "签署",
    "处理",
    "核实",
    "审核",
    "拨付",
];

/// Whether `next` begins where a name must end: punctuation, a conjunction or a verb phrase.
fn boundary_follows(next: &[char]) -> bool {
    static START_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(BOUNDARY_STARTS));
    match next.first() {
        None => true,
        Some(c) if !is_han(*c) && *c != '(' => true,
        Some(_) => START_WORDS.prefix_of(next).is_some(),
    }
}

/// Splits at `sep` outside brackets.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '《' | '“' | '【' => depth += 1,
            ')' | '》' | '”' | '】' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Splits at `sep` outside brackets: 各省(自治区、直辖市)及计划单列市.
fn split_top_level_str<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '《' | '“' | '【' => depth += 1,
            ')' | '》' | '”' | '】' => depth -= 1,
            _ if depth == 0 && i >= start && s[i..].starts_with(sep) => {
                out.push(&s[start..i]);
                start = i + sep.len();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Whether `t` (what follows 等) is a class noun shared by a list: 部门, 相关单位,
/// 相关职能部门, 建设项目行业主管部门.
fn is_class_noun(t: &str) -> bool {
    // 等3个部门 / 等五家单位: a count before the class noun.
    let t = t
        .trim_start_matches(|c: char| c.is_ascii_digit() || super::numerals::is_cn_numeral_char(c));
    let t = t.strip_prefix(['个', '家']).unwrap_or(t);
    let n = t.chars().count();
    (2..=12).contains(&n) && t.chars().all(is_han) && ends_with_any(t, &["部门", "单位", "机构"])
}

/// Drops what describes a class before its 各 (今年重点改造项目各单位 → 各单位); a scope
/// that is itself a place or body stays (市直各部门, 学校各级党组织).
fn cut_modifier(p: &str) -> &str {
    let Some(at) = p.find('各') else {
        return p;
    };
    // A short prefix is a verb or a scope word (赴各地, 市直各部门), not a description.
    if p[..at].chars().count() < 4 {
        return p;
    }
    let scope = p[..at].chars().last().is_none_or(|c| {
        UNIT_LAST_CHARS.contains(c) || matches!(c, '直' | '属' | '级' | '内' | '辖' | '下' | '全')
    });
    if scope {
        p
    } else {
        &p[at..]
    }
}

/// What a verb that is no trigger says about a clause's subject.
enum Partnered {
    /// The subject leads with a partner, or helps.
    Found(Assignment),
    /// The subject is no body: the clause names no owner.
    Stop,
    /// Not a partner verb: look further along the clause.
    Next,
}

/// Owners found in one clause and how they were named.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub owners: Vec<String>,
    pub co_owners: Vec<String>,
    /// Named by 由/请/责成/牵头/负责 (a concrete job) rather than only as the subject of 要.
    pub explicit: bool,
}

/// Connectives and framing words that may open a clause before its subject.
const OPENERS: &[&str] = &[
    "会议确定",
    "会议要求",
    "会议决定",
    "会议强调",
    "会议同意",
    "会议明确",
    "会议责成",
    "会议指出",
    "会议认为",
    "同时",
    "并且",
    "另外",
    "此外",
    "其中",
    "今后",
    "下一步",
    "最后",
    "首先",
    "其次",
    "具体",
    "具体由",
    "并",
    "原则上同意",
    "原则同意",
    "同意",
    "明确",
];

/// Words that hand a job to the bodies named after them, and whether that names the job
/// explicitly (characters, as they are matched against the normalised view).
const LEADS: &[(&[char], bool)] = &[
    (&['由'], true),
    (&['请'], true),
    (&['责', '成'], true),
    (&['要', '求'], false),
    (&['安', '排'], true),
    (&['责', '令'], true),
    (&['授', '权'], true),
    (&['交', '由'], true),
];

/// Verbs that follow the subject of an assignment.
const TRIGGERS: &[&str] = &[
    "必须",
    "务必",
    "应当",
    "负责",
    "负总责",
    "牵头",
    "要",
    "须",
    "于",
    "在",
    "每",
    "作为",
];

/// Verbs that join a lead to its partner: X会同Y, X商Y, X联合Y, X协同Y.
static PARTNER_WORDS: LazyLock<WordList> =
    LazyLock::new(|| WordList::new(&["会同", "联合", "协同", "商"]));

/// Adverbs between a subject and its verb (市住建局具体负责, 相关部门密切配合), and at the
/// start of a predicate (要积极配合).
const ADVERBS: &[&str] = &[
    "按照职责分工",
    "按职责分工",
    "按职责",
    "各自",
    "具体",
    "主要",
    "分别",
    "共同",
    "统一",
    "全面",
    "切实",
    "积极",
    "主动",
    "全力",
    "通力",
    "密切",
    "紧密",
    "大力",
    "认真",
    "要",
    "须",
    "做好",
    "继续",
    "进一步",
];

/// [`ADVERBS`] as characters, and the characters they end with.
static ADVERB_WORDS: LazyLock<(Vec<Vec<char>>, CharSet)> = LazyLock::new(|| {
    let words: Vec<Vec<char>> = ADVERBS.iter().map(|w| w.chars().collect()).collect();
    let lasts: String = words.iter().filter_map(|w| w.last()).collect();
    (words, CharSet::new(&lasts))
});

/// `s` without the adverbs at its end.
fn strip_tail_adverbs(mut s: &[char]) -> &[char] {
    let (words, lasts) = &*ADVERB_WORDS;
    while s.last().is_some_and(|&c| lasts.contains(c)) {
        match words.iter().find(|w| s.len() > w.len() && s.ends_with(w)) {
            Some(w) => s = &s[..s.len() - w.len()],
            None => break,
        }
    }
    s
}

/// `s` without the adverbs at its start.
fn skip_adverbs(mut s: &[char]) -> &[char] {
    let (words, _) = &*ADVERB_WORDS;
    while let Some(w) = words.iter().find(|w| s.starts_with(w)) {
        s = &s[w.len()..];
    }
    s
}

/// What follows 配合/协助 when the predicate `pred` (after 要) makes its subject a helper:
/// 协助业主单位… / 积极配合 / 各司其职、通力配合.
fn helps_after(pred: &[char]) -> Option<&[char]> {
    let p = skip_adverbs(pred);
    if starts_with(p, "协助") || starts_with(p, "配合") {
        return Some(&p[2..]);
    }
    let n = pred.len();
    if n >= 2 && (pred[n - 2..] == ['配', '合'] || pred[n - 2..] == ['协', '助']) {
        // Only when the helping is the whole of the last phrase: …、通力配合.
        let before = strip_tail_adverbs(&pred[..n - 2]);
        if before.is_empty() || before.last() == Some(&'、') {
            return Some(&[]);
        }
    }
    None
}

/// Whether `s` starts with the name of a role in a job: `Some(false)` for the lead
/// (牵头单位, 责任部门), `Some(true)` for a helper (配合单位, 协办部门).
fn role_named(s: &[char]) -> Option<bool> {
    const LEAD: &[&str] = &["牵头", "责任", "主责", "主办"];
    const HELP: &[&str] = &["配合", "协办", "协助"];
    let tail_ok = ["单位", "部门", "主体"]
        .iter()
        .any(|t| s.get(2..).is_some_and(|r| starts_with(r, t)));
    if !tail_ok {
        return None;
    }
    if LEAD.iter().any(|w| starts_with(s, w)) {
        return Some(false);
    }
    HELP.iter().any(|w| starts_with(s, w)).then_some(true)
}

/// A name without its role note, and the role: 市发改委(牵头) → lead, 市财政局(配合) →
/// helper.
fn role_note(o: &str) -> (&str, Option<bool>) {
    const NOTES: &[(&str, bool)] = &[
        ("(牵头)", false),
        ("(牵头单位)", false),
        ("(主责)", false),
        ("(配合)", true),
        ("(配合单位)", true),
        ("(协办)", true),
        ("(协助)", true),
    ];
    NOTES
        .iter()
        .find_map(|&(n, helps)| o.strip_suffix(n).map(|name| (name, Some(helps))))
        .unwrap_or((o, None))
}

/// Bodies split into leads and helpers, by their role notes (X(配合)) or their names
/// (配合部门), without the notes.
fn by_role(bodies: Vec<String>) -> (Vec<String>, Vec<String>) {
    let mut owners = Vec::new();
    let mut co = Vec::new();
    for b in bodies {
        let (name, note) = role_note(&b);
        if note == Some(true) || (note.is_none() && is_helper_noun(name)) {
            co.push(name.to_string());
        } else {
            owners.push(name.to_string());
        }
    }
    (owners, co)
}

/// Whether `o` names bodies by their helping role: 配合部门, 协办单位, 各配合单位.
fn is_helper_noun(o: &str) -> bool {
    let o = o.strip_prefix('各').unwrap_or(o);
    ["配合", "协办", "协助", "参与"]
        .iter()
        .any(|w| o.starts_with(w))
        && ends_with_any(o, &["单位", "部门"])
}

/// Verbs of doing that may follow the subject of a list item's clause without a modal.
const DOING_WORDS: &[&str] = &[
    "参照", "组织", "负责", "牵头", "肩负", "履行", "承担", "负起", "扛起", "做好", "抓好", "落实",
    "开展", "制定", "完成", "推进", "建立", "加强", "统筹", "督促", "指导", "协调", "研究", "编制",
    "起草", "印发", "发布", "召开", "举办", "启动", "实施", "提交", "报送", "上报", "汇总", "梳理",
    "按照", "根据", "结合", "围绕", "对照", "针对", "依据", "依托",
];

/// The owners of a list item from the assignments of its clauses, in order: every body
/// named as leading or helping, except a body named again by its short name (区政府办 …
/// 政府办要…) and, where the item gives its job explicitly to a named body (责成区政府办…,
/// 由X负责), the classes it only exhorts besides (各单位各部门要…).
#[must_use]
pub fn settle(found: &[Assignment]) -> (Vec<String>, Vec<String>) {
    let is_class = |o: &String| ["各", "相关", "有关"].iter().any(|w| o.starts_with(w));
    // A job handed over (责成X, 由X负责), not a partnership (X会同Y, X与Y协同).
    let named_explicitly = found
        .iter()
        .any(|a| a.explicit && a.co_owners.is_empty() && a.owners.iter().any(|o| !is_class(o)));
    let mut owners: Vec<String> = Vec::new();
    let mut co: Vec<String> = Vec::new();
    for a in found {
        let exhorted = named_explicitly
            && !a.explicit
            && a.co_owners.is_empty()
            && a.owners.iter().all(is_class);
        for o in a.owners.iter().filter(|_| !exhorted) {
            if !owners.contains(o) {
                owners.push(o.clone());
            }
        }
        for c in &a.co_owners {
            if !co.contains(c) {
                co.push(c.clone());
            }
        }
    }
    let named_again = |o: &String, all: &[String]| {
        all.iter()
            .any(|f| f != o && f.ends_with(o.as_str()) && o.chars().count() >= 2)
    };
    let all = owners.clone();
    owners.retain(|o| !named_again(o, &all));
    co.retain(|c| !owners.contains(c) && !named_again(c, &owners));
    (owners, co)
}

/// [`TRIGGERS`] as characters.
static TRIGGER_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(TRIGGERS));

/// Whether `c` can begin a time expression: 2022年, 4月, 本周, 下月, 每月, 今年, 近期, 次年….
fn starts_time(c: char) -> bool {
    c.is_ascii_digit()
        || super::numerals::is_cn_numeral_char(c)
        || matches!(
            c,
            '本' | '下' | '今' | '明' | '每' | '近' | '年' | '月' | '周' | '当' | '次'
        )
}

/// 由副局长X任组长 / 由X担任…: an appointment to a post, not a job.
fn appoints(rest: &str) -> bool {
    let head: String = rest.chars().take(14).collect();
    ["任组长", "任副组长", "担任", "任主任", "任主席", "兼任"]
        .iter()
        .any(|w| head.contains(w))
}

/// Removes a list marker at the start: 一、 （一） 1. ① 一是 第一，.
fn strip_marker(s: &str) -> &str {
    // A marker is at most a few characters long: 十九、 （十二） 一是必须要.
    let chars: Vec<char> = s.chars().take(10).collect();
    if !super::normalize::starts_with_marker(&chars) {
        return s;
    }
    let skip = chars
        .iter()
        .position(|&c| {
            !(c.is_ascii_digit()
                || super::numerals::is_cn_numeral_char(c)
                || matches!(
                    c,
                    '(' | ')' | '.' | '、' | '第' | ',' | ':' | '是' | '\u{2460}'..='\u{2473}'
                ))
        })
        .unwrap_or(chars.len());
    let bytes: usize = chars[..skip].iter().map(|c| c.len_utf8()).sum();
    &s[bytes..]
}

/// [`appoints`] of characters.
fn appoints_chars(rest: &[char]) -> bool {
    let head: String = rest.iter().take(14).collect();
    appoints(&head)
}

/// [`strip_marker`] of characters.
fn strip_marker_chars(s: &[char]) -> &[char] {
    let head = &s[..s.len().min(10)];
    if !super::normalize::starts_with_marker(head) {
        return s;
    }
    let skip = head
        .iter()
        .position(|&c| !is_marker_char(c))
        .unwrap_or(head.len());
    &s[skip..]
}

fn is_marker_char(c: char) -> bool {
    c.is_ascii_digit()
        || super::numerals::is_cn_numeral_char(c)
        || matches!(
            c,
            '(' | ')' | '.' | '、' | '第' | ',' | ':' | '是' | '\u{2460}'..='\u{2473}'
        )
}

/// [`OPENERS`] as characters, so that a clause is matched against them quickly.
static OPENER_WORDS: LazyLock<WordList> = LazyLock::new(|| WordList::new(OPENERS));

/// [`strip_openers`] of characters.
fn strip_openers_chars(s: &[char]) -> &[char] {
    let mut s = strip_marker_chars(s);
    while let Some((_, len)) = OPENER_WORDS.prefix_of(s) {
        s = &s[len..];
        let k = s.iter().take_while(|&&c| matches!(c, ',' | ':')).count();
        s = &s[k..];
    }
    s
}

fn strip_openers(s: &str) -> &str {
    let mut s = strip_marker(s);
    loop {
        let before = s;
        for o in OPENERS {
            if let Some(r) = s.strip_prefix(o) {
                s = r.trim_start_matches([',', ':']);
                break;
            }
        }
        if s == before {
            return s;
        }
    }
}

impl Directory {
    /// Who a clause gives a job to: 由X负责… / 请X… / 责成X… / X牵头… / X要… / X于…前…,
    /// or a note in brackets at its end (…完成清查(县财政局负责)).
    #[must_use]
    pub fn assignment(&self, clause: &[char]) -> Option<Assignment> {
        self.assignment_of(clause)
            .or_else(|| self.bracketed(clause))
    }

    /// The assignment in a bracketed note that ends a clause: (县财政局负责), (X牵头，Y配合),
    /// (责任单位：X).
    fn bracketed(&self, clause: &[char]) -> Option<Assignment> {
        let (&')', body) = clause.split_last()? else {
            return None;
        };
        let mut depth = 0i32;
        let open = body.iter().rposition(|&c| {
            match c {
                ')' => depth += 1,
                '(' if depth == 0 => return true,
                '(' => depth -= 1,
                _ => {}
            }
            false
        })?;
        let inner = &body[open + 1..];
        let mut a = if let Some(a) = self.assignment_of(inner) {
            a
        } else {
            let (owners, co_owners) = self.labelled(&string_of(inner))?;
            Assignment {
                owners,
                co_owners,
                explicit: true,
            }
        };
        // Y配合 after the lead, inside the same note.
        for c in self.co_owners(inner) {
            if !a.co_owners.contains(&c) && !a.owners.contains(&c) {
                a.co_owners.push(c);
            }
        }
        a.explicit = true;
        (!a.owners.is_empty()).then_some(a)
    }

    fn assignment_of(&self, clause: &[char]) -> Option<Assignment> {
        // Every way of handing out a job uses one of these characters.
        static ASSIGNING: CharSet = CharSet::new("由请责要安必务应负牵须于在每作会配协商联挥授");
        let assigning = &ASSIGNING;
        if !clause.iter().any(|&c| assigning.contains(c)) {
            return None;
        }
        let chars = strip_openers_chars(clause);
        // 会议授权X… / 会议请X…: the meeting hands the job over.
        let chars = chars
            .strip_prefix(&['会', '议'][..])
            .filter(|r| LEADS.iter().any(|(l, _)| starts_with_chars(r, l)))
            .unwrap_or(chars);
        if let Some(a) = self.invoked_lead(chars) {
            return Some(a);
        }
        for &(lead, explicit) in LEADS {
            if starts_with_chars(chars, lead) {
                let rest_chars = &chars[lead.len()..];
                if lead == ['由'] && appoints_chars(rest_chars) {
                    return None;
                }
                if lead == ['由'] {
                    if let Some(mut a) = self.by_subject(rest_chars, true) {
                        a.explicit = true;
                        for c in self.co_owners(clause) {
                            if !a.co_owners.contains(&c) && !a.owners.contains(&c) {
                                a.co_owners.push(c);
                            }
                        }
                        return Some(a);
                    }
                }
                // 请于6月20日前…: a deadline, no addressee.
                let dated = matches!(rest_chars, ['于' | '在', c, ..] if starts_time(*c));
                let units = if dated {
                    Vec::new()
                } else {
                    self.leading_units(rest_chars)
                };
                if !units.is_empty() {
                    let mut a = Assignment {
                        owners: units,
                        co_owners: Vec::new(),
                        explicit,
                    };
                    a.co_owners = self.co_owners(clause);
                    return Some(a);
                }
                if lead != ['要', '求'] {
                    return None;
                }
            }
        }
        self.by_subject(chars, false).map(|mut a| {
            let co = self.co_owners(clause);
            for c in co {
                if !a.co_owners.contains(&c) && !a.owners.contains(&c) {
                    a.co_owners.push(c);
                }
            }
            a
        })
    }

    /// 充分发挥区应急局统筹作用: the body whose role is invoked leads; the verb is no part
    /// of its name.
    fn invoked_lead(&self, chars: &[char]) -> Option<Assignment> {
        if !chars.iter().take(8).any(|&c| c == '挥') {
            return None;
        }
        let mut s = chars;
        for w in ["充分", "切实", "更好", "更加", "进一步", "要"] {
            if starts_with(s, w) {
                s = &s[w.chars().count()..];
            }
        }
        let s = s.strip_prefix(&['发', '挥'][..])?;
        let s = s.strip_prefix(&['好'][..]).unwrap_or(s);
        let owners = self.role_holder(s);
        (!owners.is_empty()).then_some(Assignment {
            owners,
            co_owners: Vec::new(),
            explicit: false,
        })
    }

    /// The bodies at the start of `s` whose role follows (区应急局统筹作用, 区应急局的牵头
    ///作用): each name must end where a verb, 的 or the role begins.
    fn role_holder(&self, s: &[char]) -> Vec<String> {
        let mut out = self.units_at(s);
        // 发挥法律顾问在法治政府建设中的作用: a name holds no preposition.
        out.retain(|o| !o.contains(['在', '的']));
        if out.is_empty() {
            // The shortest name before 的 or before a short role ending the clause
            // (区工商联桥梁纽带作用).
            let role = ["作用", "职能", "职责", "优势"]
                .iter()
                .any(|w| s.len() >= 2 && s[s.len() - 2..].iter().copied().eq(w.chars()));
            let max = s.len().min(24);
            if let Some(end) = (3..max).find(|&end| {
                (s[end] == '的' || (role && s.len() - end <= 10))
                    && self.may_end_unit(s[end - 1])
                    && !s[..end].iter().any(|&c| matches!(c, '在' | '的'))
                    && self.is_unit(&string_of(&s[..end]))
            }) {
                out.push(string_of(&s[..end]));
            }
        }
        out
    }

    /// The bodies a clause opens with, before a verb of doing without a modal (各省…参照…,
    /// X组织开展…, X肩负着…职责, X履行主体责任): in a list item of work the subject of any
    /// clause holds the item.
    #[must_use]
    pub fn subject_of(&self, clause: &[char]) -> Option<Assignment> {
        static DOING: LazyLock<WordList> = LazyLock::new(|| WordList::new(DOING_WORDS));
        let chars = strip_openers_chars(clause);
        // A clause that opens with a preposition or a verb has no subject (对储罐区…开展).
        static NO_SUBJECT: CharSet = CharSet::new("对把将向在从为与赴按经由被给让使要须应必");
        if chars.first().is_none_or(|&c| NO_SUBJECT.contains(c)) {
            return None;
        }
        let limit = chars.len().min(40);
        let mut depth = 0i32;
        for pos in 1..limit {
            match chars[pos - 1] {
                '(' => depth += 1,
                ')' => depth -= 1,
                // Names hold Han characters, brackets and 、 only.
                '、' | '·' => {}
                c if !is_han(c) && !c.is_ascii_alphanumeric() => return None,
                _ => {}
            }
            // A modal makes the clause an assignment (by_subject's), whatever its subject; a
            // name holds no 的.
            if matches!(chars[pos], '要' | '须' | '应' | '必' | '的') {
                return None;
            }
            if depth != 0
                || !self.may_end_unit(chars[pos - 1])
                || DOING.prefix_of(&chars[pos..]).is_none()
            {
                continue;
            }
            // 负责人 / 负责同志 are people, and 牵头的事项 describes work: not the verb.
            if starts_with(&chars[pos..], "负责")
                && chars.get(pos + 2).is_some_and(|c| matches!(c, '人' | '同'))
                || chars.get(pos + 2) == Some(&'的')
            {
                continue;
            }
            let subject = string_of(strip_tail_adverbs(&chars[..pos]));
            // 项目建成后由X负责: the body after 由 is the assignment's, not a subject.
            if subject.contains('由') {
                return None;
            }
            if let Some(owners) = self.unit_list(&subject, false) {
                let (owners, co_owners) = by_role(owners);
                return Some(Assignment {
                    owners,
                    co_owners,
                    explicit: false,
                });
            }
        }
        None
    }

    /// [`Directory::assignment`] of a clause, or, when the clause is only a list of bodies
    /// and the `next` clause of the same sentence (after a comma) opens with a modal (住建、交通等行业主管部门，要认真履行…), those
    /// bodies as the subject of that modal.
    #[must_use]
    pub fn assignment_before(&self, clause: &[char], next: &[char]) -> Option<Assignment> {
        if let Some(a) = self.assignment(clause) {
            return Some(a);
        }
        if !matches!(next.first(), Some('要' | '须' | '必' | '应' | '务')) {
            return None;
        }
        let modal = ["要", "须", "必须", "应当", "务必"]
            .iter()
            .any(|m| starts_with(next, m));
        if !modal || starts_with(next, "要求") {
            return None;
        }
        let subject = string_of(strip_openers_chars(clause));
        self.unit_list(&subject, false).map(|owners| Assignment {
            owners,
            co_owners: Vec::new(),
            explicit: false,
        })
    }

    /// `X要…`, `X负责…`, `X牵头，Y配合`, `X会同Y…`: the subject X before the first verb.
    fn by_subject(&self, chars: &[char], after_you: bool) -> Option<Assignment> {
        // The characters the verbs after a subject start with (TRIGGERS, PARTNERS, 配合, 协助).
        static VERB_STARTS: CharSet = CharSet::new("必务应负牵要须于在会配协每作商联为");
        let verb_starts = &VERB_STARTS;
        let trigger_words = &*TRIGGER_WORDS;
        let limit = chars.len().min(40);
        let mut depth = 0i32;
        for pos in 1..limit {
            match chars[pos - 1] {
                '(' | '《' | '“' => depth += 1,
                ')' | '》' | '”' => depth -= 1,
                _ => {}
            }
            if depth != 0 {
                continue;
            }
            let rest = &chars[pos..];
            if !verb_starts.contains(rest[0]) {
                continue;
            }
            let subject_chars = || strip_tail_adverbs(&chars[..pos]);
            let trig = trigger_words.prefix_of(rest).map(|(k, _)| &TRIGGERS[k]);
            let Some(trig) = trig else {
                // Only these start a partner, helper or role verb.
                if !matches!(rest[0], '会' | '联' | '协' | '商' | '配' | '为') {
                    continue;
                }
                match self.partnered(subject_chars, rest) {
                    Partnered::Found(a) => return Some(a),
                    Partnered::Stop => return None,
                    Partnered::Next => continue,
                }
            };
            if *trig == "要"
                && rest.get(1).is_some_and(|c| {
                    matches!(c, '求' | '点' | '素' | '闻' | '害' | '件' | '领' | '是')
                })
            {
                return None;
            }
            if *trig == "负责" && rest.get(2).is_some_and(|c| matches!(c, '人' | '同' | '的'))
            {
                return None;
            }
            // 多部门共同牵头的工作: 牵头 describes the work, it is not the verb.
            if *trig == "牵头" && rest.get(2) == Some(&'的') {
                continue;
            }
            if *trig == "在" && !rest.iter().take(16).any(|&c| c == '前') {
                continue;
            }
            // X于 is a deadline only before a time (教务处于4月底前…); 处于 / 位于 / 属于 are
            // verbs (疫情防控正处于关键时期).
            if *trig == "于" && !rest.get(1).is_some_and(|&c| starts_time(c)) {
                continue;
            }
            // A body's name ends in an organisational word (or is an official, for 负责/牵头).
            let subject_chars = subject_chars();
            let last = subject_chars.last().copied().unwrap_or(chars[pos - 1]);
            if !(self.may_end_unit(last)
                || after_you
                || matches!(*trig, "负责" | "牵头" | "负总责"))
            {
                continue;
            }
            if *trig == "每"
                && !rest
                    .get(1)
                    .is_some_and(|c| matches!(c, '周' | '月' | '季' | '年' | '星' | '个'))
            {
                continue;
            }
            // 村西干渠清淤工程由第三村民小组负责: the body after 由 holds the job.
            let subject = string_of(subject_chars);
            let subject = match subject.rfind('由') {
                Some(p) if !after_you && p > 0 => subject[p + '由'.len_utf8()..].to_string(),
                _ => subject,
            };
            let explicit = after_you || matches!(*trig, "负责" | "牵头" | "负总责");
            // 各牵头单位要…: a trigger word inside the name is not the verb.
            let Some(owners) = self.unit_list(&subject, explicit) else {
                continue;
            };
            // X要协助Y… / X要积极配合 / X要各司其职、通力配合: X helps.
            if let Some(after) = helps_after(&rest[trig.chars().count()..]) {
                return Some(self.helping(owners, after));
            }
            // 配合部门要… / 协办单位负责…: bodies named as the helpers.
            let (owners, co_owners) = by_role(owners);
            return Some(Assignment {
                owners,
                co_owners,
                explicit,
            });
        }
        None
    }

    /// At a verb that is no trigger: `X会同Y…`, `X商Y…`, `X联合Y…` (X leads, Y helps),
    /// `X与Y协同…`, `Y配合…` / `Y协助X…` (Y helps).
    fn partnered<'c>(&self, subject_chars: impl Fn() -> &'c [char], rest: &[char]) -> Partnered {
        // X为牵头单位 / Y为配合单位: named by role.
        if rest[0] == '为' {
            let Some(helps) = role_named(&rest[1..]) else {
                return Partnered::Next;
            };
            let subject = string_of(subject_chars());
            return match self.unit_list(&subject, true) {
                Some(bodies) if helps => Partnered::Found(Assignment {
                    owners: Vec::new(),
                    co_owners: bodies,
                    explicit: false,
                }),
                Some(owners) => Partnered::Found(Assignment {
                    owners,
                    co_owners: Vec::new(),
                    explicit: true,
                }),
                None => Partnered::Next,
            };
        }
        let partner = if matches!(rest[0], '会' | '联' | '协' | '商') {
            PARTNER_WORDS.prefix_of(rest)
        } else {
            None
        };
        if let Some((_, len)) = partner {
            let subject = string_of(subject_chars());
            if let Some(owners) = self.unit_list(&subject, true) {
                let co = self.units_at(&rest[len..]);
                if !co.is_empty() {
                    return Partnered::Found(Assignment {
                        owners,
                        co_owners: co,
                        explicit: true,
                    });
                }
            }
            if let Some(a) = self.paired(&subject) {
                return Partnered::Found(a);
            }
            return if starts_with(rest, "会同") {
                Partnered::Stop
            } else {
                Partnered::Next
            };
        }
        if starts_with(rest, "配合") || starts_with(rest, "协助") {
            let subject = string_of(subject_chars());
            return match self.unit_list(&subject, true) {
                Some(helpers) => Partnered::Found(self.helping(helpers, &rest[2..])),
                None => Partnered::Stop,
            };
        }
        Partnered::Next
    }

    /// The assignment of helpers: the lead is the body they help, named right after
    /// 配合/协助 (市发改局要协助业主单位… → 业主单位), if any.
    fn helping(&self, helpers: Vec<String>, after: &[char]) -> Assignment {
        let after = skip_adverbs(after);
        Assignment {
            owners: self.units_at(after),
            co_owners: helpers,
            explicit: false,
        }
    }

    /// `X与Y协同…`: X leads, its partner Y helps.
    fn paired(&self, subject: &str) -> Option<Assignment> {
        let pieces = split_top_level_str(subject, "与");
        let [lead, partner] = pieces.as_slice() else {
            return None;
        };
        let owners = self.unit_list(lead, true)?;
        let co_owners = self.unit_list(partner, true)?;
        Some(Assignment {
            owners,
            co_owners,
            explicit: true,
        })
    }

    /// The bodies named at the start of `s`, each followed by a separator or a verb (no
    /// guessing where the name ends).
    fn units_at(&self, s: &[char]) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(end) = self.unit_prefix(&s[at..], true) {
            out.push(string_of(&s[at..at + end]));
            at += end;
            match s.get(at) {
                Some('、' | '和' | '及' | '与') => at += 1,
                _ => break,
            }
        }
        out
    }

    /// Helpers named in `s`: Y配合 / Y协助 / 会同Y / 协同Y.
    #[must_use]
    pub fn co_owners(&self, chars: &[char]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for i in 0..chars.len() {
            let rest = &chars[i..];
            if starts_with(rest, "会同") || starts_with(rest, "协同") {
                for u in self.leading_units(&rest[2..]) {
                    if !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
            if (starts_with(rest, "配合") || starts_with(rest, "协助")) && i > 0 {
                // The helpers are the names just before, back to the clause start.
                let start = chars[..i]
                    .iter()
                    .rposition(|&c| matches!(c, ',' | ';' | '。' | ':'))
                    .map_or(0, |p| p + 1);
                let mut best: Option<Vec<String>> = None;
                for st in (start..i.saturating_sub(1)).rev() {
                    let subject = string_of(&chars[st..i]);
                    let subject = strip_openers(subject.trim_start_matches(['、', ',']));
                    if let Some(list) = self.unit_list(subject, false) {
                        best = Some(list);
                    }
                }
                for u in best.unwrap_or_default() {
                    if !out.contains(&u) {
                        out.push(u);
                    }
                }
            }
        }
        out
    }
}

impl Directory {
    /// Owners written as labelled fields: （牵头单位：X；配合单位：Y）.
    #[must_use]
    pub fn labelled(&self, s: &str) -> Option<(Vec<String>, Vec<String>)> {
        const LEADS: &[&str] = &[
            "牵头单位:",
            "责任单位:",
            "主责单位:",
            "牵头部门:",
            "责任部门:",
            "负责单位:",
            "承办单位:",
        ];
        const HELPS: &[&str] = &[
            "配合单位:",
            "协办单位:",
            "参与单位:",
            "配合部门:",
            "协助单位:",
        ];
        if !(s.contains("单位:") || s.contains("部门:")) {
            return None;
        }
        let grab = |labels: &[&str]| -> Vec<String> {
            let mut out = Vec::new();
            for l in labels {
                if let Some(p) = s.find(l) {
                    let rest = &s[p + l.len()..];
                    // The list ends at a separator or at the bracket that closes the note.
                    let mut depth = 0i32;
                    let end = rest
                        .char_indices()
                        .find(|&(_, c)| match c {
                            '(' => {
                                depth += 1;
                                false
                            }
                            ')' if depth > 0 => {
                                depth -= 1;
                                false
                            }
                            ';' | ')' | '。' | ',' | '\n' => true,
                            _ => false,
                        })
                        .map_or(rest.len(), |(i, _)| i);
                    for part in split_top_level(&rest[..end], '、') {
                        if !part.is_empty() && !out.iter().any(|o: &String| o == part) {
                            out.push(part.to_string());
                        }
                    }
                }
            }
            out
        };
        // 市发改委(牵头)、市财政局(配合): a note after a name gives its role.
        let (owners, mut co) = by_role(grab(LEADS));
        for c in grab(HELPS) {
            let name = role_note(&c).0.to_string();
            if !co.contains(&name) {
                co.push(name);
            }
        }
        (!owners.is_empty() || !co.is_empty()).then_some((owners, co))
    }
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Directory {
        Directory::default()
    }

    #[test]
    fn unit_names_are_recognised_by_their_shape() {
        let cases = [
            ("宣传统战部", true),
            ("组织人事部", true),
            ("各县(市、区)教育科技局", true),
            ("各市", true),
            ("各项目责任部门", true),
            ("学校各级党组织", true),
            ("后勤服务中心", true),
            ("学院", false),
            ("全院上下", false),
            ("学院领导班子成员", false),
            ("各部门负责人", false),
            ("学校老师", false),
            ("评价体系", false),
            ("各项工作", false),
        ];
        for (name, want) in cases {
            assert_eq!(dir().is_unit(name), want, "{name}");
        }
    }

    #[track_caller]
    fn owners_of(clause: &str) -> (Vec<String>, Vec<String>) {
        let chars: Vec<char> = clause.chars().collect();
        dir()
            .assignment(&chars)
            .map(|a| (a.owners, a.co_owners))
            .unwrap_or_default()
    }

    #[test]
    fn the_subject_before_yao_is_the_owner() {
        assert_eq!(
            owners_of("各党总支、各部门要积极响应").0,
            ["各党总支", "各部门"]
        );
        assert_eq!(
            owners_of("组织人事部要将学习作为重要内容").0,
            ["组织人事部"]
        );
    }

    #[test]
    fn people_at_the_end_of_a_coordination_make_no_owner() {
        assert!(owners_of("各级党组织、各部门负责人要先学一步").0.is_empty());
    }

    #[test]
    fn yu_after_a_name_is_a_deadline_only_before_a_time() {
        assert_eq!(owners_of("教务处于4月底前报送方案。").0, ["教务处"]);
        assert_eq!(owners_of("学生处于本周内完成排查。").0, ["学生处"]);
        assert!(owners_of("校园疫情防控正处于关键时期。").0.is_empty());
    }

    #[test]
    fn qing_names_the_bodies_asked() {
        assert_eq!(
            owners_of("请各市教育局、各高等职业学校、各省属中等职业学校及时以简报形式报告").0,
            ["各市教育局", "各高等职业学校", "各省属中等职业学校"]
        );
        assert!(owners_of("请认真贯彻落实").0.is_empty());
    }

    #[test]
    fn lead_and_helpers_are_told_apart() {
        assert_eq!(
            owners_of("由教务处牵头,学生处配合"),
            (vec!["教务处".into()], vec!["学生处".into()])
        );
        assert_eq!(
            owners_of("财务处会同资产管理处负责清查"),
            (vec!["财务处".into()], vec!["资产管理处".into()])
        );
        assert_eq!(owners_of("副县长石晶牵头").0, ["副县长石晶"]);
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn a_list_of_bodies_joined_by_he_splits_into_each_body() {
        assert_eq!(
            owners_of("各区镇、街道和各部门要抓好贯彻落实").0,
            ["各区镇", "街道", "各部门"]
        );
        assert_eq!(
            owners_of("市政府办及相关部门要主动沟通汇报").0,
            ["市政府办", "相关部门"]
        );
        assert_eq!(
            owners_of("请各乡镇、社区和各有关科室认真学习").0,
            ["各乡镇", "社区", "各有关科室"]
        );
    }

    #[test]
    fn a_name_with_he_inside_stays_one_body() {
        assert_eq!(
            owners_of("市自然资源和规划局要加快供地").0,
            ["市自然资源和规划局"]
        );
        assert_eq!(
            owners_of("人力资源和社会保障局负责组织招聘").0,
            ["人力资源和社会保障局"]
        );
    }

    #[test]
    fn a_role_group_joined_to_a_body_is_two_owners() {
        assert_eq!(
            owners_of("各位分管副县长及相关单位要熟悉情况").0,
            ["各位分管副县长", "相关单位"]
        );
    }

    #[test]
    fn a_description_before_a_class_is_not_part_of_it() {
        assert_eq!(
            owners_of("明年重点民生工程各承办单位必须压缩开支").0,
            ["各承办单位"]
        );
        assert_eq!(owners_of("市直各部门要按时报送").0, ["市直各部门"]);
        assert!(owners_of("赴各地各校开展宣讲").0.is_empty());
    }

    #[test]
    fn officials_made_lead_are_owners_with_the_posts_the_text_gives() {
        assert_eq!(owners_of("由李明华同志牵头调度").0, ["李明华同志"]);
        assert_eq!(
            owners_of("市委常委、常务副市长王建军牵头").0,
            ["市委常委、常务副市长王建军"]
        );
        assert_eq!(owners_of("由副区长赵敏牵头").0, ["副区长赵敏"]);
        assert!(owners_of("负责同志牵头").0.is_empty());
    }

    #[test]
    fn an_adverb_before_the_verb_is_not_part_of_the_name() {
        assert_eq!(owners_of("市住建局具体负责").0, ["市住建局"]);
        assert_eq!(owners_of("区卫健委主要负责").0, ["区卫健委"]);
    }

    #[test]
    fn the_body_helped_owns_the_job_and_its_helper_is_a_co_owner() {
        assert_eq!(
            owners_of("县财政局要协助项目单位积极争取上级资金"),
            (strings(&["项目单位"]), strings(&["县财政局"]))
        );
        assert_eq!(
            owners_of("区教育局要积极配合"),
            (Vec::new(), strings(&["区教育局"]))
        );
    }

    #[test]
    fn the_partner_after_shang_lianhe_or_xietong_is_a_co_owner() {
        assert_eq!(
            owners_of("市财政局商市发改局制定资金方案"),
            (strings(&["市财政局"]), strings(&["市发改局"]))
        );
        assert_eq!(
            owners_of("区文旅局联合区公安分局开展专项检查"),
            (strings(&["区文旅局"]), strings(&["区公安分局"]))
        );
        assert_eq!(
            owners_of("市场监管局与公安局协同配合"),
            (strings(&["市场监管局"]), strings(&["公安局"]))
        );
        assert_eq!(owners_of("市商务局要做好促消费工作").0, ["市商务局"]);
    }

    #[test]
    fn bodies_named_as_helpers_or_told_to_help_are_co_owners() {
        assert_eq!(
            owners_of("配合部门要增强大局意识"),
            (Vec::new(), strings(&["配合部门"]))
        );
        assert_eq!(
            owners_of("各协办单位要主动对接"),
            (Vec::new(), strings(&["各协办单位"]))
        );
        assert_eq!(
            owners_of("相关单位要各司其职、通力配合"),
            (Vec::new(), strings(&["相关单位"]))
        );
        assert_eq!(
            owners_of("相关部门密切配合"),
            (Vec::new(), strings(&["相关部门"]))
        );
    }

    #[test]
    fn a_shared_class_noun_is_dropped_from_a_list_of_fields() {
        assert_eq!(
            owners_of("发展改革、统计等部门要强化监测").0,
            ["发展改革", "统计"]
        );
        assert_eq!(owners_of("县应急局等部门要做好防控").0, ["县应急局"]);
        assert_eq!(
            owners_of("县司法局、县信访局、石湾镇等相关单位要持续跟进").0,
            ["县司法局", "县信访局", "石湾镇"]
        );
        assert_eq!(
            owners_of("教育、卫生健康、民政部门要加强比对").0,
            ["教育", "卫生健康", "民政"]
        );
        assert_eq!(
            owners_of("城关镇和交通、财政等部门要加强沟通").0,
            ["城关镇", "交通", "财政"]
        );
    }

    #[test]
    fn a_single_body_keeps_its_whole_name() {
        assert_eq!(owners_of("市场监管部门要加强统筹").0, ["市场监管部门"]);
        assert_eq!(
            owners_of("各省属中等职业学校要按时报送").0,
            ["各省属中等职业学校"]
        );
    }

    #[test]
    fn the_verb_that_invokes_a_body_is_not_part_of_its_name() {
        assert_eq!(owners_of("充分发挥区应急局统筹作用").0, ["区应急局"]);
        assert_eq!(owners_of("发挥好市教育局的牵头作用").0, ["市教育局"]);
        assert!(owners_of("充分发挥法律顾问在法治政府建设中的作用")
            .0
            .is_empty());
    }

    #[test]
    fn tou_de_describes_work_and_names_no_lead() {
        assert!(owners_of("对涉及多部门共同牵头的工作").0.is_empty());
    }

    #[track_caller]
    fn subject(clause: &str) -> Vec<String> {
        let chars: Vec<char> = clause.chars().collect();
        dir()
            .subject_of(&chars)
            .map(|a| a.owners)
            .unwrap_or_default()
    }

    #[test]
    fn the_subject_before_a_verb_of_doing_holds_a_list_item() {
        assert_eq!(
            subject("各省(自治区、直辖市)及计划单列市、新疆生产建设兵团参照名额表"),
            ["各省(自治区、直辖市)", "计划单列市", "新疆生产建设兵团"]
        );
        assert_eq!(
            subject("学校安全委员会肩负着学校整体安全工作的职责"),
            ["学校安全委员会"]
        );
        assert_eq!(
            subject("各主管部门、机关事业单位履行主体责任"),
            ["各主管部门", "机关事业单位"]
        );
        // A modal makes the clause an assignment, whose subject is read there.
        assert_eq!(subject("各地要结合当地实际"), Vec::<String>::new());
        assert_eq!(owners_of("各地要结合当地实际").0, ["各地"]);
        assert!(subject("对储罐区、液氨站开展专项整治").is_empty());
        assert!(subject("各级党组织、各部门负责人要先学一步").is_empty());
    }

    #[test]
    fn a_list_of_bodies_before_a_comma_and_a_modal_is_its_subject() {
        let c: Vec<char> = "住建、交通、水利等行业主管部门".chars().collect();
        let next: Vec<char> = "要认真".chars().collect();
        assert_eq!(
            dir().assignment_before(&c, &next).map(|a| a.owners),
            Some(strings(&["住建", "交通", "水利"]))
        );
        assert!(dir().assignment_before(&c, &[]).is_none());
    }

    #[test]
    fn a_short_name_and_the_classes_exhorted_beside_an_explicit_lead_are_dropped() {
        let a = |owners: &[&str], explicit: bool| Assignment {
            owners: strings(owners),
            co_owners: Vec::new(),
            explicit,
        };
        let (owners, _) = settle(&[
            a(&["区政府办"], true),
            a(&["政府办"], false),
            a(&["各单位各部门"], false),
        ]);
        assert_eq!(owners, ["区政府办"]);
        // Without an explicit lead, every body named keeps its place.
        let (owners, _) = settle(&[a(&["各区镇", "街道"], false), a(&["市安委办"], false)]);
        assert_eq!(owners, ["各区镇", "街道", "市安委办"]);
    }

    #[test]
    fn an_official_named_before_the_post_is_an_owner() {
        assert_eq!(owners_of("由王强市长牵头").0, ["王强市长"]);
        assert_eq!(owners_of("由王志刚副县长牵头").0, ["王志刚副县长"]);
        assert_eq!(owners_of("由赵敏常务副区长牵头").0, ["赵敏常务副区长"]);
        assert_eq!(owners_of("董事长陈立新负责").0, ["董事长陈立新"]);
    }

    #[test]
    fn an_adverbial_of_duty_before_the_verb_is_not_part_of_the_subject() {
        assert_eq!(
            owners_of("县发改局、县财政局按职责分工负责").0,
            ["县发改局", "县财政局"]
        );
        assert_eq!(owners_of("县住建局负总责").0, ["县住建局"]);
    }

    #[test]
    fn bodies_named_by_their_role_are_leads_or_helpers() {
        assert_eq!(
            owners_of("县教育局为牵头单位"),
            (strings(&["县教育局"]), Vec::new())
        );
        assert_eq!(
            owners_of("县卫健局、县民政局为配合单位"),
            (Vec::new(), strings(&["县卫健局", "县民政局"]))
        );
    }

    #[test]
    fn a_bracketed_note_at_the_end_names_the_owners() {
        assert_eq!(
            owners_of("6月底前完成全部资产清查(县财政局负责,县审计局配合)"),
            (strings(&["县财政局"]), strings(&["县审计局"]))
        );
        assert_eq!(
            owners_of("建立困难群众动态台账(责任单位:县民政局)").0,
            ["县民政局"]
        );
        assert!(owners_of("印发实施办法(以下简称《办法》)").0.is_empty());
    }

    #[test]
    fn random_clauses_never_make_recognition_panic() {
        let alphabet: Vec<char> = "由请责成要协助配合会同商联合与和及、,(): 等部门单位局县市区省各位副县长同志牵头负责总为配合单位发挥作用的在于6月日前负总责按职责分工镇街道委员会办公室中心公司处科1号一二是要求《》“”".chars().collect();
        let d = Directory::default();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 30) as usize;
            let mut s = Vec::with_capacity(n);
            let mut y = x;
            for _ in 0..n {
                y = y
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(alphabet[(y >> 33) as usize % alphabet.len()]);
            }
            let _ = d.assignment(&s);
            let _ = d.subject_of(&s);
            let next: Vec<char> = s.iter().rev().copied().collect();
            let _ = d.assignment_before(&s, &next);
            let st: String = s.iter().collect();
            let _ = d.unit_list(&st, true);
            let _ = d.unit_list(&st, false);
        }
    }

    #[test]
    fn an_official_named_by_post_alone_is_an_owner_when_made_lead() {
        assert_eq!(owners_of("由分管副县长牵头").0, ["分管副县长"]);
        assert!(owners_of("分管副县长要高度重视").0.is_empty());
    }

    #[test]
    fn zeling_shouquan_and_jiaoyou_hand_a_job_to_the_body_after_them() {
        assert_eq!(owners_of("责令县住建局于7月底前完成整改").0, ["县住建局"]);
        assert_eq!(owners_of("授权公司管理层办理后续事宜").0, ["公司管理层"]);
        assert_eq!(owners_of("交由县信访局办理").0, ["县信访局"]);
        assert_eq!(
            owners_of("明确县教育局为责任单位"),
            (strings(&["县教育局"]), Vec::new())
        );
    }

    #[test]
    fn a_role_note_after_a_name_gives_its_role() {
        assert_eq!(
            dir().labelled("(责任单位:市发改委(牵头)、市财政局(配合))"),
            Some((strings(&["市发改委"]), strings(&["市财政局"])))
        );
        assert_eq!(
            owners_of("市发改委(牵头)、市财政局(配合)要加快项目审批"),
            (strings(&["市发改委"]), strings(&["市财政局"]))
        );
    }

    #[test]
    fn a_count_before_the_shared_class_noun_is_dropped_with_it() {
        assert_eq!(
            owners_of("市发改委、市财政局等5个部门要于6月底前报送").0,
            ["市发改委", "市财政局"]
        );
    }
}
