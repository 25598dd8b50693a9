//! The standard dispute categories and the channels disputes come in through.

crate::named_enum! {
    /// A dispute's category from the district's standard list.
    pub enum Category ("纠纷类别") {
        MarriageFamily => ("marriage_family", "婚姻家庭"),
        Neighbour => ("neighbour", "邻里"),
        HousingLand => ("housing_land", "房屋宅基地"),
        PropertyManagement => ("property_management", "物业"),
        Contract => ("contract", "合同"),
        Damages => ("damages", "损害赔偿"),
        LabourWages => ("labour_wages", "劳动/欠薪"),
        LandAcquisition => ("land_acquisition", "征地拆迁"),
        Environment => ("environment", "环境污染"),
        Traffic => ("traffic", "道路交通"),
        Medical => ("medical", "医疗"),
        Consumer => ("consumer", "消费"),
        Other => ("other", "其他"),
    }
}

crate::named_enum! {
    /// Where a dispute came from.
    pub enum Source ("来源") {
        Resident => ("resident", "居民上报"),
        Screening => ("screening", "网格排查"),
        Call110 => ("call_110", "110 警情移交"),
        Petition => ("petition", "信访积案"),
        Hotline12345 => ("hotline_12345", "12345 热线"),
        Department => ("department", "部门移交"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_parse_from_slug_or_chinese_name() {
        assert_eq!("neighbour".parse::<Category>(), Ok(Category::Neighbour));
        assert_eq!("劳动/欠薪".parse::<Category>(), Ok(Category::LabourWages));
        assert_eq!(Category::ALL.len(), 13);
        assert!("gossip".parse::<Category>().is_err());
        assert_eq!("call_110".parse::<Source>(), Ok(Source::Call110));
    }
}
