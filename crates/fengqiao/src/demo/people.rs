//! Fictional names for the demo: every person is generated from a fixed seed, and every place
//! name below the towns is invented.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "田", "董", "袁", "潘",
];
const GIVEN: &[&str] = &[
    "建", "国", "华", "明", "丽", "军", "伟", "芳", "秀", "英", "敏", "静", "强", "磊", "洋", "艳",
    "勇", "杰", "娟", "涛", "超", "霞", "平", "刚", "桂", "文", "宁", "鹏", "晓", "红", "玉", "兰",
    "海", "春", "志", "云",
];

/// A fictional full name of two or three characters.
pub fn person(rng: &mut ChaCha8Rng) -> String {
    let mut name = String::from(*SURNAMES.choose(rng).unwrap_or(&"王"));
    for _ in 0..rng.gen_range(1..=2) {
        name.push_str(GIVEN.choose(rng).unwrap_or(&"明"));
    }
    name
}

/// Invented community names for the urban streets.
pub const COMMUNITY_STEMS: &[&str] = &[
    "福临", "和平", "长青", "滨河", "新华", "红旗", "建设", "公园", "东风", "民主", "清姜", "胜利",
    "友谊", "铁塔", "峪泉", "桥南", "金陵", "兴隆", "翠屏", "宝光", "神农", "石坝", "龙山", "渭水",
    "晨光", "映泉", "瑞丰", "益民", "康乐", "安居", "泰和", "惠民", "锦绣", "丰泽", "广福", "永宁",
    "紫薇", "绿洲", "明珠", "朝阳", "红星", "光明", "前进", "星火", "长岭", "秦岭", "玉泉", "汇通",
    "南坡", "北塬",
];

/// Invented village names for the towns.
pub const VILLAGE_STEMS: &[&str] = &[
    "王家",
    "李家坪",
    "下马营",
    "旭光",
    "杨家沟",
    "固川",
    "晁峪",
    "大湾铺",
    "沟口",
    "上王",
    "店子街",
    "马尾河",
    "寺岭",
    "太寅",
    "坪头",
    "石嘴",
    "杜家",
    "高家原",
    "塬上",
    "阳平",
    "侯家",
    "赵家庄",
    "东岭",
    "西坡",
    "桃园",
    "柳林",
    "梨园",
    "青石",
    "龙泉",
    "白杨",
    "雁坪",
    "清水",
    "金河",
    "石门",
    "松树",
    "观音山",
    "关沟",
    "三岔",
    "槐树湾",
    "竹园",
    "黄家",
    "南岔",
    "北沟",
    "红岩",
    "吴家",
    "姜城堡",
    "鸡峰",
    "蒲家",
    "郭家",
    "老庄",
];

/// Invented compound names.
pub const COMPOUND_STEMS: &[&str] = &[
    "锦苑",
    "华庭",
    "家园",
    "花园",
    "新村",
    "雅居",
    "公寓",
    "名都",
    "丽景",
    "尚城",
    "御府",
    "学府",
    "阳光城",
    "书香苑",
    "翠湖",
    "金岸",
    "观澜",
    "枫林",
    "紫园",
    "和院",
];
