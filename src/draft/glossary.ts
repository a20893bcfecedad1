/**
 * Words of the table's items as a draft may say them otherwise: in English (a draft written in English
 * meets the Chinese row through these), or with a near-synonym a reviewer reads as the same thing
 * (管控 for 管理). Written by the team like the companion file; single English words are stemmed the
 * way the search tokenizer stems them, phrases (words joined by "_") match as written, in lower case.
 */
import { stem } from "../search/tokenize.ts";

const ENGLISH: Record<string, string> = {
  专利: "patent patents",
  知识产权: "ip intellectual_property",
  全球: "global worldwide",
  竞争: "competition competitive competitor competitors",
  主体: "player players company companies firms",
  布局: "portfolio portfolios filing filings",
  态势: "landscape trend trends",
  规则: "rule rules",
  策略: "strategy strategies playbook",
  风险: "risk risks",
  预警: "early-warning warning monitoring",
  应对: "response respond responding defence defense defend defending",
  救济: "remedy remedies",
  全链条: "full_chain end-to-end",
  风险防控体系: "risk_framework",
  防控: "prevention control",
  体系: "framework system",
  保护: "protection protect protecting",
  合规: "compliance compliant",
  企业: "company companies firm firms enterprise enterprises exporter exporters defendant defendants implementer implementers",
  出海: "export exports exporter exporters overseas abroad",
  海外: "overseas abroad foreign",
  跟踪: "track tracking monitor monitoring",
  法规: "law laws regulation regulations legislation",
  动态: "change changes development developments",
  贸易伙伴: "trading_partner partners",
  调查: "investigation investigations probe probes",
  补贴调查: "countervailing anti-subsidy",
  反补贴: "countervailing anti-subsidy",
  诉讼: "litigation lawsuit lawsuits suit suits",
  专利诉讼: "patent_suit patent_suits patent_litigation infringement_suits",
  趋势: "trend trends",
  典型: "typical leading",
  案例: "case cases",
  侵权: "infringement infringing",
  许可: "license licenses licensing licence licences",
  商业秘密: "trade_secret trade_secrets",
  窃取: "theft stolen misappropriation",
  光伏: "pv photovoltaic solar",
  锂电池: "lithium battery batteries",
  新能源汽车: "ev evs electric_vehicle electric_vehicles nev",
  出口: "export exports exporter exporters",
  美欧: "united_states european_union us eu",
  印度: "india",
  巴西: "brazil",
  司法辖区: "jurisdiction jurisdictions",
  禁令救济: "injunction injunctions injunctive",
  禁令: "injunction injunctions",
  费率裁判: "rate-setting rate_setting global_rate",
  费率: "rate rates royalty royalties",
  许可层级: "component_level licensing_level end-product_level",
  规则差异: "differ differences divergent",
  差异: "differ differences divergent",
  博弈: "strategic_game",
  逻辑: "logic",
  移动通信: "mobile cellular handset",
  智能网联汽车: "connected_vehicle connected_vehicles connected_car",
  音视频: "video audio codec",
  经验教训: "lesson lessons well_or_badly",
  实战: "practical practice",
  政策: "policy policies",
  建议: "recommendation recommendations",
  操作指引: "operational_guide guidance playbook",
  指引: "guide guidance",
  指南: "guide guidance handbook",
  中国: "chinese china",
  美: "united_states us american",
  欧: "european_union eu europe germany",
  中: "china chinese",
  英: "united_kingdom uk",
  标准: "standard standards",
  标准必要专利: "sep seps standard-essential",
  大模型: "large_model large_language_model llm",
  训练: "training train",
  开源: "open_source open-source",
  版权: "copyright",
  数据: "data",
  机器人: "robot robots robotics",
  无人机: "drone drones uav",
  量子: "quantum",
  脑机接口: "brain-computer bci",
  专利池: "patent_pool patent_pools pool",
  谈判: "negotiation negotiate",
  反垄断: "antitrust anti-monopoly",
  垄断: "antitrust monopoly",
  运营模式: "operating_model business_model",
  话语权: "voice influence",
};

/** Chinese near-synonyms: a reviewer reads the draft's word as the row's. */
export const RELATED: Record<string, string[]> = {
  管控: ["管理"],
  分级管理: ["分级"],
  审查: ["审核"],
  筛选: ["遴选", "评估"],
  分配: ["分成"],
  趋势: ["态势", "走势"],
  态势: ["格局", "趋势"],
  短板: ["薄弱", "不足", "差距"],
  空白: ["空白点", "尚无", "未布局"],
  交易成本: ["谈判成本", "许可成本"],
  对策: ["措施", "方案"],
  策略: ["思路", "做法"],
  布局: ["专利组合"],
  主体: ["企业", "申请人"],
  归属: ["权属", "归于谁"],
  经验教训: ["教训"],
  跟踪: ["监测", "追踪", "关注"],
  法规: ["规定", "法律", "立法"],
  案例: ["判例", "案件", "纠纷"],
  产业化: ["量产", "商业化", "产品化"],
  进展: ["进度", "进程"],
  产业: ["行业"],
  协同: ["同步", "衔接", "联动", "配合"],
  提案: ["文稿", "标准提交"],
  诉讼: ["起诉", "被诉"],
  竞争对手: ["竞争主体"],
  纠纷: ["争议"],
  出境: ["出口"],
  美欧: ["美国", "欧盟", "欧洲"],
  差异化: ["不同", "区别", "分类"],
  技巧: ["要点", "方法"],
  垄断: ["滥用市场支配地位", "市场支配地位"],
  抑制: ["削弱", "阻碍", "妨碍", "遏制"],
  中国: ["我国", "国内"],
  降低: ["节约", "减少", "减轻", "缓解", "压低"],
  减少: ["缓解", "降低", "减轻", "避免"],
  人才流动: ["人员流动", "跳槽", "离职", "挖角"],
  国际合作: ["合资", "对外合作", "跨国合作", "国际协作"],
  实践: ["实务", "落地", "试点", "实际运行"],
  专利池: ["许可平台", "联合许可"],
  // A draft walks the life cycle's stages rather than naming it.
  全生命周期: ["全流程", "全链条", "全过程", "各环节", "各阶段", "每个环节", "每个阶段"],
  生命周期: ["全流程", "全链条", "全过程", "各环节", "各阶段", "每个环节", "每个阶段"],
  // The licensing-level debate, by its usual names.
  层级: [
    "向谁许可",
    "向哪一层级许可",
    "许可给谁",
    "向所有人许可",
    "所有人均可使用",
    "license to all",
    "access to all",
  ],
};

/**
 * The forms an expected output takes: a row asking for 策略 or 建议 is answered by a draft delivering a
 * 指引, 指南 or 手册 on the same subject. Only for expected outputs, where the head names the form.
 */
export const DELIVERABLE_FORMS = ["建议", "策略", "对策", "方案", "指引", "指南", "手册", "措施", "清单"];

export { CHINESE_FOR_LATIN } from "../search/abbreviations.ts";

/** Chinese word → the stems and phrases that say it in an English draft. */
export const ENGLISH_TERMS: Record<string, string[]> = Object.fromEntries(
  Object.entries(ENGLISH).map(([zh, en]) => [zh, englishTerms(en)]),
);

/** Space-separated terms; a phrase is written with "_" and matched whole, a single word is stemmed. */
function englishTerms(list: string): string[] {
  return list.split(" ").map((t) => (t.includes("_") ? t.replaceAll("_", " ") : stem(t)));
}
