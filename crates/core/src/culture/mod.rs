//! Cultural guidance (文化引领), the fourth priority: the district's history and family rules,
//! model campaigns with one vote per verified resident, good-deed boards and the heroism
//! fund's books, legal education planned as weekly themes and monthly features, red sites.

pub mod campaign;
pub mod history;
pub mod ledger;
pub mod legal;

crate::named_enum! {
    /// What an archive record is.
    pub enum ArchiveKind ("档案类别") {
        Figure => ("figure", "历史人物"),
        Story => ("story", "历史故事"),
        Place => ("place", "历史地点"),
        RedSite => ("red_site", "红色地标"),
        CultureHall => ("culture_hall", "文化礼堂"),
    }
}

crate::named_enum! {
    /// 家规家训 of a household or 村规民约 of a village.
    pub enum RuleKind ("家规类别") {
        Family => ("family", "家规家训"),
        Village => ("village", "村规民约"),
    }
}

crate::named_enum! {
    /// Where a submission stands: waiting for the community, published, or sent back.
    pub enum Review ("审核状态") {
        Pending => ("pending", "待审核"),
        Published => ("published", "已发布"),
        Returned => ("returned", "已退回"),
    }
}

crate::named_enum! {
    /// 渭滨善行榜 (good deeds) and 渭滨义举榜 (heroism).
    pub enum Board ("榜单") {
        Good => ("good", "渭滨善行榜"),
        Heroic => ("heroic", "渭滨义举榜"),
    }
}

crate::named_enum! {
    /// Where a reported deed stands.
    pub enum DeedState ("事迹状态") {
        Reported => ("reported", "待核实"),
        Verified => ("verified", "已核实,待本人同意"),
        Published => ("published", "已上榜"),
        Declined => ("declined", "本人不同意公开"),
        Rejected => ("rejected", "未核实"),
    }
}

crate::named_enum! {
    /// What a red site's education event is held for.
    pub enum Occasion ("纪念日") {
        July1 => ("july_1", "七一建党纪念日"),
        NationalDay => ("national_day", "国庆节"),
        Other => ("other", "主题教育"),
    }
}
