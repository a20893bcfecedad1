/** What the applicant wants done with the directions found. */
export type Intent = "topic" | "policy" | "tips" | "compare" | "overview";

const TIPS =
  /怎么写|如何写|怎样写|咋写|写好|撰写|申报书|申请书|申报材料|写作|要点|技巧|注意(?:什么|事项|哪些|些)|突出(?:什么|哪些)|框架|提纲|大纲|思路|怎么准备|如何准备|准备什么|怎么报|如何申报|清单|模板|\bhow (?:do|to|should|can|would) (?:i |we )?(?:write|draft|prepare|structure)|\bwrit(?:e|ing)\b|\btips?\b|\bchecklist\b|\boutline\b|\bdraft(?:ing)?\b|\bstrong proposal\b/;
const POLICY =
  /政策|依据|指引|引用|援引|出处|(?:哪些|什么|哪个|相关)文件|\bpolic(?:y|ies)\b|\bbasis\b|\bcit(?:e|es|ed|ing)\b|\bdocuments?\b|\bgrounds?\b/;
const COMPARE =
  /区别|区分|不同|差异|差别|异同|对比|比较|(?:和|跟|与|同).{0,12}比|还是|哪个更|有何不同|一样吗|\bvs\.?\b|\bversus\b|\bdiffer(?:ence|ences|ent)?\b|\bcompare[ds]?\b|\bdistinguish\b|\bor\b/;
const OVERVIEW =
  /(?:有哪些|哪几个|全部|所有|列出|一共|几个|多少个)(?:研究)?方向|方向(?:列表|清单|有哪些|一览)|\b(?:list|all|which|what) (?:the )?(?:research )?directions\b|\boverview\b/;

/**
 * A service the applicant asks for, not a question about the table: a task done for them (translating,
 * writing an essay or a script, debugging), a fee for their own case (律师费多少), a personal
 * employment dispute (补偿金, 我被前公司起诉), a job and its pay (在招专利工程师吗, 薪资多少), reading
 * to recommend (推荐几本…入门书), whether one person may use something (我能拿去商用吗), starting a
 * company. Out of scope even beside an IP word.
 */
const SERVICE_ASK = new RegExp(
  [
    /(?<![们司方])我(?:被|遭)[^，。,.;；!?！？]{0,10}?(?:起诉|告了|仲裁|辞退|开除|索赔)|(?:薪资|工资|薪水|待遇|年薪|月薪|薪酬)(?:大概|一般|开)?[^，。,.;；!?！？]{0,4}?(?:多少|怎么样|如何|高|低|合适)|职称(?:怎么|如何)?评|评职称|职称评(?:定|审)|在招[^，。,.;；!?！？]{0,12}?(?:吗|么|没有)|推荐(?:几|一|两)?(?:本|些|下)?[^，。,.;；!?！？]{0,14}?(?:书|教材|书单|读物)|入门书|书单|(?:书|教材|读物)(?:推荐|可以推荐|值得看)|(?:我|个人)(?:能|可以|能不能)[^，。,.;；!?！？]{0,6}?商用(?:吗|么|不)|个人博主|自媒体博主|劳动仲裁|(?:用|的)?(?:英文|英语|日语|日文)(?:怎么说|怎么讲|叫什么|怎么翻译|怎么写)|(?:有什么|有啥|有没有|有哪些|最新的?|今天的?|最近的?|近期的?)[^，。,.;；!?！？]{0,16}?新闻|新闻(?:吗|呢)|热搜|最新消息|(?:最早|最先|首先)(?:是)?(?:由)?谁(?:提出|发明)|谁(?:最早|最先|首先)提出|(?:我|我该|我要)(?:怎么|如何)?(?:去)?(?:申请)?仲裁|拖欠(?:我|我们)?[^，。,.;；!?！？]{0,6}?工资|(?:我|个人)[^，。,.;；!?！？]{0,10}?(?:该|应该)用哪(?:个|种)|(?:自己|个人)[^，。,.;；!?！？]{0,4}?申请[^，。,.;；!?！？]{0,14}?专利|申请[^，。,.;；!?！？]{0,12}?(?:实用新型|外观设计|发明专利)|(?:著作权|版权|软著|作品)登记(?![^。？?!！]{0,20}?(?:归谁|归属|属于谁))|宣传口号|广告语|营销文案(?![^。？?!！]{0,8}?(?:版权|著作权|归谁|归属|侵权))|\bslogan\b|(?:协议|合同)(?:的)?(?:范本|模板|样本)(?![^，。,.;；!?！？]{0,4}?设计)|是真的吗|是不是真的|八卦|(?:注册|申请)(?:一个|个)?[^，。,.;；!?！？]{0,12}?商标|商标(?:注册|申请)|(?:我个人|本人|我自己)[^，。,.;；!?！？]{0,10}?(?:起诉|维权|索赔|打官司|告)|我的(?:小说|作品|照片|图片|画作?|插画|文章|视频|歌曲?|论文|代码)被|翻译成|议论文|演讲稿|读后感|征文|\d+字的?(?:文章|作文|短文)|(?:个人|自己的?|我的)[^，。,.;；!?！？]{0,8}?(?:github|gitee|开源项目|仓库|代码|app|小程序|网站|博客)[^，。,.;；!?！？]{0,6}?(?:该|应该|要)?(?:选|用)(?:哪|什么)|\btranslat(?:e|ion)\b|作文|(?:用|拿)\s*(?:python|java|javascript|c\+\+)|写(?:个|一个|段|一段)?(?:脚本|爬虫程序)|\bdebug|(?:律师|代理|诉讼|咨询)费(?:用)?[^，。,.;；!?！？]{0,6}?(?:多少|怎么收|怎么算|贵不贵)|补偿金(?![^，。,.;；!?！？]{0,6}?(?:标准|机制|设置|设计|制度))|(?:版权|著作权|专利权?|所有权)(?:是|算)?(?:归|属于)(?:我|本人)(?!们)|(?:需要|要不要|用不用|该不该)请(?:个)?律师|(?:推荐|介绍)(?:几家|一家|几个|一个|个)?[^，。,.;；!?！？]{0,10}?(?:律所|律师|事务所|代理机构)|起诉我(?!们)|(?<!报|广|公|警|忠|转|预|通)告我(?!们)|(?:投|发)(?:到)?(?:哪个|哪些|哪家|什么)[^，。,.;；!?！？]{0,8}?(?:期刊|杂志|学术会议)|期刊(?:推荐|好投|容易中)|核心期刊|(?:硕士|博士|毕业|学位|本科)论文(?:想|要|打算|准备)?(?:写|选题|开题|答辩|查重)|毕设|毕业设计|认证(?:怎么|如何)?(?:拿|获取|获得|办理|申请|通过)|(?:推荐|有没有|哪里有|哪有)[^，。,.;；!?！？]{0,12}?(?:课程|培训班|网课|培训|教程)|\brecommend\b[^.?!]{0,40}\b(?:courses?|training|tutorials?|books?|textbooks?|law firms?|lawyers?)\b|\bonline courses?\b|\b(?:set up|register|start|open) a (?:company|business)\b|business licen[cs]e|营业执照|经营范围|注册(?:一家)?公司|(?:想|要|怎么|如何|准备|打算)注册(?:一家|一个|个)?[^，。,.;；!?！？]{0,8}?公司|招聘[^，。,.;；!?！？]{0,12}?(?:吗|么|没有|不)|招不招|求职|找工作|是谁(?:发明|提出|创造|首创|发起)的|^[^，。,.;；!?！？]{1,16}?的(?:历史|由来|起源|发展史)(?:是什么|是怎样的|是啥)?(?:呢|吗)?[?？。!！]*$|(?:去|选|进)哪(?:个|些|一个)(?:国家|市场)(?:好|比较好|合适|最好|赚钱)|哪个国家(?:市场)?(?:最好|比较好|好做)|(?:交|缴|收)?多少关税|关税(?:是|要|有|大概)?多少|(?:可以|能|要不要|该不该|需要|应该)报警|怎么报警|(?:会|能)(?:不会)?(?:取代|替代)[^，。,.;；!?！？]{0,8}?(?:吗|么|不)|\bwho (?:invented|came up with|first proposed)\b|\bwrite (?:me )?(?:a |an |some )?(?:python |java |javascript |js )?(?:script|code|program|scraper|crawler)\b|\b(?:salary|salaries|wages?)\b|\bhow much (?:does|do|will) (?:a |an )?[a-z ]{0,30}?(?:earn|make|get paid)\b|\b(?:call|contact|report (?:it |this )?to) the police\b|\bwhich (?:country|countries|market|markets) (?:is|are) (?:the )?(?:best|better|easiest)\b|\b(?:going to|gonna|able to|will (?:it |they )?) (?:break|replace)\b/
      .source,
    // More, by class: getting ready for an exam or an interview (法考怎么复习, 面试官会问什么); a letter or
    // an e-mail to write (辞职信); code to write (写个Python爬虫); what an acronym stands for
    // (FRAND是哪几个英文单词的缩写); the news summarised; a licence for one's own small project
    // (个人小项目选MIT还是Apache); passing one's own text past an AI detector (降AI率).
    /法考|司考|备考|复习|刷题|考点|题库|真题|面试/.source,
    /写(?:一封|封|一份|份|个|一个)?[^，。,.;；!?！？]{0,8}?(?:辞职信|求职信|推荐信|感谢信|邮件|简历|请假条)/
      .source,
    /写(?:个|一个|段|一段)?\s*(?:python|java|javascript|js|shell|c\+\+)\s*(?:脚本|爬虫|程序|代码)?|写(?:个|一个|段|一段)?(?:脚本|爬虫)/
      .source,
    /(?:哪几个|哪些|什么)(?:英文)?(?:单)?词的?缩写|(?:英文)?全称是(?:什么|啥)|缩写(?:是什么|代表什么)|是(?:什么|啥|哪个)(?:的)?缩写/
      .source,
    /(?:总结|汇总|整理|这周|本周|上周|今日|昨天|这两天|近几天)[^，。,.;；!?！？]{0,16}?新闻/.source,
    /个人的?小?(?:开源)?(?:项目|仓库|开发者)[^。？?!！]{0,30}?(?:licen[cs]e|许可证|协议|mit|apache|gpl)|(?:licen[cs]e|许可证)文件/
      .source,
    /降\s*ai\s*率|(?:判|检测|查)(?:成|出|为)\s*ai\s*(?:生成|写)/.source,
    // a school or a course of study to choose (考研选哪所学校好), a product or an app to pick (好用的AI绘画软件)
    /(?:哪(?:个|所|些|家)|什么)(?:学校|大学|高校|院校)(?:好|比较好|强|厉害|最好|靠谱)|考研|读研|读博|(?:有哪些|列一下|列出|推荐)[^，。,.;；!?！？]{0,20}?(?:学术会议|会议|展会|峰会|论坛)|(?:报|学|选)什么专业|(?:哪个|什么)专业(?:好|比较好|最好|有前途)|值得(?:买|入手)|转行|考试(?:难|难不难|好考|怎么考|容易)|\bafter graduation\b|\bshould i (?:go into|study|major|choose)\b|(?:我|我该|我要|我能)(?:怎么|如何)维权|不认账|能(?:不能)?告(?:他|她|对方|他们)|算不算我的|\bfor my own\b|\bmy own (?:\w+ ){0,2}(?:invention|patent|product|app|software|design|device|idea)s?\b|shenqing ?zhuanli|zhuce ?shangbiao|(?:缩|縮|总结|概括|压缩|改写)成(?:[一二三四五六七八九十几两\d]+)?(?:句|段|条|点)|真的假的|\bis it true\b|值不值得(?:买|入手)|\bworth buying\b|哪个(?:更)?好用|好不好用|\b(?:a|an|my|the) (?:job )?interview\b|\binterview questions\b|(?:考|报考)[^，。,.;；!?！？]{0,10}?研究生|(?:有什么|有哪些|有啥|推荐(?:几款|一款|几个|个)?)(?:好用|靠谱|便宜|性价比高|好)的[^，。,.;；!?！？]{0,12}?(?:软件|工具|app|产品|品牌|型号|平台)/
      .source,
    // copy, slides and posts to write; a quiz; one's own paper under review
    /文案(?![^。？?!！]{0,8}?(?:版权|著作权|归谁|归属|侵权))|宣传语|入职培训|\btweets?\b|\bcaption\b|\bwrite (?:me )?(?:a |an |some )?(?:\w+ )?(?:poem|joke|story|essay|post)\b|\bquiz\b|\btrivia\b|知识竞赛|审稿人|审稿意见|拒稿|返修|\brebuttal\b/
      .source,
    // one's own software and its licence
    /(?:选|用)\s*(?:mit|gpl|apache|bsd|mpl|lgpl)[^，。,.;；!?！？]{0,10}?还是|(?:我|自己)(?:写|做|开发)了?(?:个|一个)[^，。,.;；!?！？]{0,8}?(?:小程序|app|软件|程序|网站|插件|工具)|给(?:我)?自己(?:攒|装|做|搭|弄)/
      .source,
    // a licence for one's own repository (给我的GitHub项目选个开源协议, 许可证哪个适合我的开源项目)
    /(?:我的|我自己的|自己的|个人的?)(?:github|gitee)?\s*(?:开源)?(?:项目|仓库|代码库|repo)[^。？?!！]{0,30}?(?:mit|apache|gpl|bsd|开源协议|许可证|licen[cs]e)|(?:mit|apache|gpl|bsd|开源协议|许可证)[^。？?!！]{0,30}?(?:适合|给|用在|用于)(?:我的|我自己的|自己的)/
      .source,
    // one's own career (去大厂还是留高校, 待遇差别大吗); one's own model to train (how do I fine-tune…)
    /去大厂|大厂(?:和|还是)|留(?:在)?高校|待遇(?:差别|差距|区别)|\bhow (?:do|can|should) i (?:fine-?tune|train|install|deploy|set up|configure)\b/
      .source,
    // one's own paper, course, CV, letter, licence to practise, election or due diligence: an errand for the
    // asker, however IP-laden the scene (审稿周期, 教学大纲, 执业登记, 换届选举, 找哪类中介, cease-and-desist)
    /审稿周期|投稿(?:截止|日期|周期)|截稿|教学大纲|课程大纲|选修课|教案|简历|自我评价|邀请函(?:怎么|如何|该怎么)写|执业(?:登记|证)|继续教育|选举程序|换届|(?:找|请)(?:哪类|哪家|什么样?的?)中介|\bcease-and-desist\b|\breview (?:this|the|our) (?:clause|contract|agreement|nda)\b|\bcontinuing (?:legal )?education\b|\bpractice certificate\b/
      .source,
    // one's own job: a contract one is made to sign, a boss's discipline; choosing a major
    /(?:让|要|逼)我签|记(?:我)?[^，。,.;；!?！？]{0,3}?大过|处分我|扣我(?:的)?(?:工资|奖金)|选专业|报志愿|填志愿|\b(?:university|college) major\b|\bchoose a major\b/
      .source,
    // what an agency or a firm charges for one's own case (找美国律所要花多少钱, 委托代理机构大概要多少钱)
    /(?:律所|律师|代理机构|代理所|事务所)[^，。,.;；!?！？]{0,8}?(?:要|得)?(?:花)?(?:多少钱|什么价|怎么收费)/
      .source,
    // a name's origin
    /为什么叫|来历|由来|名字的?来源|\bwhy is it called\b/.source,
    // a text to write or polish whose kind no study produces (a speech's opening, minutes, an apology, a CV);
    // a poem or a story only asked of the assistant itself, since what a model writes (AI写小说) is row 1's subject
    /(?:写|起草|草拟|润色|改写|整理成)(?:一|个|份|封|段|篇|首|下|一下)?[^，。,.;；!?！？]{0,20}?(?:开场白|致辞|贺词|祝酒词|主持词|讲话稿|发言稿|串词|会议纪要|会议记录|道歉信|邀请函|慰问信|简历|自我介绍|对联)|\b(?:write|compose|draft|polish)(?: me)?(?: a| an| some)? (?:\w+ ){0,3}?(?:haiku|poem|limerick|song|lyrics|toast|cover letter|resume|apology|minutes)\b|(?:帮我|给我|替我|请你|麻烦你)(?:写|编|创作)(?:一|个|首|篇|段)?[^，。,.;；!?！？]{0,16}?(?:诗|歌词|小说|笑话|段子|故事)/
      .source,
  ].join("|"),
);

/**
 * Asks for one's own errand, out of scope unless the question speaks of a study or of the programme:
 * one's own step in a procedure (开庭, 意见陈述, 合同条款, 报案), where to file one's own case or
 * paperwork (去哪个法院立案, 去哪个部门跑手续), how to gather one's evidence, one's own posts and slides, a
 * term explained for a layman (用简单的话解释一下). These words may also set a study's scene.
 */
const ERRAND = new RegExp(
  [
    // one's own step in a procedure now: a hearing, a reply to an office or a letter, a contract clause,
    // a filing of one's own, a report to the police, a search to run, a tax form
    /开庭|庭审|意见陈述|审查意见|答复(?:期限|时|审查)|权利要求(?:书)?(?:怎么|如何|该)写|申请文件|证据(?:原件|怎么交|如何提交|要怎么提交|的?要件)|(?:满足|符合)(?:哪(?:几|些)个?)?要件|回函|警告函|律师函[^，。,.;；!?！？]{0,8}?(?:要不要|怎么)回|(?:合同|协议)(?:里|中)?的?[^，。,.;；!?！？]{0,12}?条款|条款(?:要不要|该不该|怎么写)|报案|检索式|巴黎公约|pct(?:途径|还是)|(?:税务局|所得税|免征|加计扣除)|\boffice action\b|\bfinal rejection\b|\brce\b|\bwitness list\b|\bexhibits?\b|\bhearing (?:tomorrow|next)|\b(?:run|do|conduct) an? (?:fto|freedom[- ]to[- ]operate) search on\b|\bclauses? should we\b|\bqualification exam\b/
      .source,
    // one's own posts on a platform, slides to make, the police: words that may also set a study's scene
    /抖音|快手|小红书|b站|bilibili|微博|朋友圈|推文|\btiktok\b|\byoutube\b|ppt|幻灯片|\bslides?\b|报警/
      .source,
    /(?:去|到|在|找)哪(?:个|家|里)?(?:法院|部门|窗口|机关)|跑手续|(?:办|走)(?:哪些|什么)?手续|备案流程|证据(?:要)?(?:怎么|如何)(?:收集|固定|保全|准备)|(?:用)?(?:简单|通俗|浅显)(?:的话|地|点|一点|易懂)|大白话|给(?:小孩|孩子|小朋友|小学生)|申诉|外行|门外汉|\bto a (?:\w+[- ])*(?:year[- ]old|kid|child|layman)\b|\blike i'?m (?:\d+|five|a kid|a child)\b|\beli5\b|\bin (?:plain|simple|layman'?s) (?:english|words|terms|language)\b|\bfor (?:kids|children|a child)\b/
      .source,
    // one's own patent to file or search for, one's own case's odds, a law's full text sent over, starting a
    // business, gossip
    /(?:怎么|如何|想|要)申请(?:个|一个)?专利|(?:帮我|帮我们|给我)(?:们)?(?:检索|查|搜)[^，。,.;；!?！？]{0,10}?(?:专利|有没有人)|胜诉(?:概率|几率|率|可能)|赢面|(?:能|会)(?:不能)?打赢|(?:原文|全文)[^，。,.;；!?！？]{0,6}?(?:发给我|发我|给我|下载)|(?:下载|发我|发给我)[^，。,.;；!?！？]{0,10}?(?:原文|全文)|创业(?!公司|企业|团队|型)|大瓜|吃瓜/
      .source,
    // conferences to list, a trip, a case's end asked out of curiosity, an opinion asked of the assistant,
    // the economy's figures, one's own shop or personal legal risk
    /景点|餐厅|好玩|旅游|旅行|酒店|后来怎么样了?|最后(?:是)?怎么[^，。,.;；!?！？]{0,4}?的|帮我查(?:查|一下|下)|好奇|看不懂|搞不懂|你(?:站|支持|帮)哪(?:边|方|一方)|\bgdp\b|gdp|增长目标|淘宝|闲鱼|拼多多|封店|(?:我|我个人|本人)[^，。,.;；!?！？]{0,6}?会不会(?:有)?(?:法律)?(?:风险|责任|被告|被起诉)|\b(?:am i|are we) (?:personally )?allowed\b|\bcould (?:i|we) (?:get|be) sued\b|\bwhere should i (?:eat|stay|go)\b/
      .source,
    // trivia asked in passing (光伏龙头是谁, 哪家公司专利最多), predictions, a term's origin, reading for fun,
    // coursework (毕业论文, 课程作业, 开题报告, term paper), posts and speeches to write
    /龙头(?:企业)?(?:是谁|是哪家|有哪些)|哪家(?:公司|企业)[^，。,.;；!?！？]{0,12}?(?:最多|最强|最大|第一)|\bwhich compan(?:y|ies) (?:owns?|has|have|holds?) the most\b|随便问问|随便看看|\bjust curious\b|闲着|(?:最后|最终|将来|未来)会(?:不会)?(?:打败|取代|赢|普及)|会打败|\bwill [^?.!]{1,40}? (?:be common|become common|win|beat|take over)\b|\bwithin (?:\w+ )?(?:years|decades)\b|怎么来的|最早出自|起源|世界上第一个|\borigin of\b|(?:好看|好读|有趣|好玩)的[^，。,.;；!?！？]{0,12}?(?:案例|案子|书|故事)|\bfun to read\b|毕业论文|学位论文|课程论文|\bterm paper\b|(?:课|课程|期末)作业|开题报告|文献综述|公众号|写稿|讲稿|要演讲|\bfor my (?:\w+ ){0,3}class\b|(?:是)?怎么(?:实现|飞|飞行|发电|充电|传输|控制|工作|做到|保证[^，。,.;；!?！？]{0,8}?)的|用的(?:是)?(?:什么|哪种|啥)算法|数学推导|参数(?:怎么|如何|该怎么)(?:设置|调|配置|选)|转码|\bhow (?:does|do|did) [^?.!]{1,40}? (?:work|fly)\b|\bexplain (?:technically |in detail )?how\b|(?:去|到)?版权局登记/
      .source,
    // a firm to hire, named before the ask (应诉比较厉害的律所推荐, 哪家律所靠谱), a reply to draft for one's
    // own letter (help me draft a reply)
    /(?:律所|律师|事务所|代理机构)(?:推荐|可以推荐|介绍一下)|(?:厉害|靠谱|有名)的(?:律所|律师|事务所|代理机构)|哪(?:家|个|些)(?:律所|律师|事务所|代理机构)[^，。,.;；!?！？]{0,12}?(?:好|比较好|厉害|强|靠谱)|\b(?:draft|write) (?:a |an |my |our |the )?(?:reply|answer|letter|email|e-mail)\b/
      .source,
  ].join("|"),
);
export const SPEAKS_OF_A_STUDY = /研究|课题|方向|申报|报哪|选题|\bresearch\b|\bproposal\b|\bdirection\b/;

/**
 * The asker's own business (我们公司…, 我司…, 我们是做…的, 我们的…产品, our company…) and what to do about
 * it now: a text to draft for it (答辩状, 许可合同, 权利要求书), a search or an estimate to run, an offer to
 * take or haggle over, a procedure, a fee, a firm to hire, whether its own product infringes or will be
 * sued. Legal or business advice for one company, not a study — unless the question speaks of a study
 * or asks which direction fits; the same words frame many plans (我们公司做锂电池出口，想研究337应对).
 */
const OWN_BUSINESS =
  /我们[^，。,.;；!?！？]{0,6}?(?:公司|企业|厂|单位|团队|技术)|我(?:司|公司|厂)|本公司|我是(?:一家)?[^，。,.;；!?！？]{0,10}?(?:公司|企业)的|我们(?:是|家)?(?:做|搞|生产|卖)[^，。,.;；!?！？]{1,14}?的|我们的[^，。,.;；!?！？]{0,12}?(?:产品|专利|技术|车|电池|组件|模型|无人机|机器人|图片|作品|代码|算法|芯片|雷达)|(?:挖走|带走|挖角)了?我们|(?:^|[，。,；;])我们(?:想|要|准备|打算|训练|用了|收到|被)|\bour (?:company|firm|business|product|products|startup)\b|\bwe (?:sell|make|manufacture|export|received|got|were)\b/;
const OWN_BUSINESS_ASK =
  /帮(?:我|我们)(?:们)?(?:公司)?(?:看|写|出|做|起草|草拟|拟|估算|算|检索|查|搜|改|填|判断|列|评估|审|把关)|(?:怎么|如何|该怎么|该如何)(?:避免|规避|谈|应对|写|办|维权|处理|报价)|要不要(?:签|请|交|接受|付)|(?:报价|费率|价格|要价)[^，。,.;；!?！？]{0,6}?(?:合理|贵|高)|会不会(?:侵权|被|有)|(?:会|能)被[^，。,.;；!?！？]{0,8}?(?:告|起诉|索赔)|(?:要|得|需要)?(?:赔|交|花|付)(?:多少|几)|(?:多少|几)钱|费用(?:大概|是|要)?多少|推荐(?:几|一|两)家|靠谱的[^，。,.;；!?！？]{0,10}?(?:机构|律所|律师|公司)|流程(?:和|与|跟)?(?:费用)?|(?:办|走)(?:哪些|什么)?[^，。,.;；!?！？]{0,6}?手续|(?:有没有|是否|会否)侵(?:犯|权)|能(?:不能)?让[^，。,.;；!?！？]{0,8}?赔|\bhow (?:can|do|should) we\b|\bshould we\b|\bcan you (?:draft|write|review|check)\b/;

/** A legal instrument drafted for the asker's own use (帮我写一份保密协议), whoever the asker is. */
const OWN_INSTRUMENT =
  /(?:帮|替|给)(?:我|我们)(?:们)?(?:写|起草|草拟|拟|出)(?:一|个|份|一份|一下|下)?[^，。,.;；!?！？]{0,16}?(?:协议|合同|答辩状|起诉状|应诉书|权利要求书|律师函|回函|声明书|承诺函|承诺书|保密书|模板)/;

/** Words that ask about a direction's own text: its policy basis, where to apply (政策依据该怎么写). */
const ASKS_OF_A_DIRECTION =
  /政策依据|政策指引|依据(?:是|该|怎么)|\bappl(?:y|ying) (?:under|for|to)\b|\bpolicy basis\b/;

/** The asker's own business and what it should do now; see OWN_BUSINESS. */
function asksForOwnBusiness(lowered: string): boolean {
  return (
    !SPEAKS_OF_A_STUDY.test(lowered) &&
    !ASKS_OF_A_DIRECTION.test(lowered) &&
    !asksWhichDirection(lowered) &&
    // A fee or a procedure may be the programme's (我们公司能报几个，费用多少); a 承诺书 only with its words.
    ((OWN_BUSINESS.test(lowered) && OWN_BUSINESS_ASK.test(lowered) && !asksAboutProgramme(lowered)) ||
      (OWN_INSTRUMENT.test(lowered) && !asksAboutThisProgramme(lowered)))
  );
}

/**
 * A question that only asks what a term means ("FRAND是什么意思？", "什么是专利池", "标准必要专利的定义是什么",
 * "What does FRAND mean?"): the table defines no term, so it is a glossary question, not one about a
 * direction. Only the whole question: a term asked about inside a plan is the plan's topic.
 */
const DEFINITION =
  /^(?:请问|想问一下|问一下)?(?:什么(?:是|叫)[^，。,.;；!?！？]{1,16}?|[^，。,.;；!?！？]{1,16}?(?:到底|究竟)?(?:是(?:什么|啥)意思|什么意思|啥意思|的(?:定义|含义|概念)是(?:什么|啥)|是什么(?:概念|东西|程序|制度)|怎么理解|指的是(?:什么|啥)))(?:呀|啊|呢)?[?？。.!！]*(?:[,，]?(?:能|可以|能不能)?(?:用[^，。,.;；!?！？]{1,6}?|通俗(?:地|点|一点)?|简单(?:地|点)?|大概)?(?:给我|帮我|跟我)?(?:简单|通俗)?(?:地)?(?:解释|介绍|讲|说|科普)(?:一下|下|讲|说)?(?:吗|么|吧)?|[,，]?(?:它|这)?(?:和|跟|与)[^，。,.;；!?！？]{1,10}?(?:有啥|有什么|什么)(?:区别|不同))?[?？。.!！]*$|^(?:what (?:is|are|does) (?:a |an |the )?[a-z0-9 .+-]{1,30}?(?: mean| stand for)?|define [a-z0-9 .+-]{1,30})\s*[?.!]*$/;

/**
 * One's own dispute and what to do about it now ("…起诉我们公司…，我们该怎么应诉", "被告侵权了我司怎么办"):
 * legal advice for a case, not a question about a direction — unless it asks where such a study goes.
 */
const OWN_CASE =
  /(?:我们|我司|我|本公司)(?:公司)?(?:现在)?(?:该|应该|要|能|可以)?(?:怎么|如何|咋)(?:应诉|办|处理|应对)(?:呢|啊|吧)?[?？。!！]*$|(?:该|应该|要|能|可以)?(?:怎么|如何|咋)(?:起诉|告|维权|索赔)(?:他|他们|对方|员工|前员工|离职员工)?(?:呢|啊|吧)?[?？。!！]*$/;
const DISPUTE = /应诉|起诉|被诉|告|索赔|仲裁|侵权|调查|纠纷|律师函/;
/** A study, or a 项目: beside one's own dispute a project is the study's; beside an errand (项目备案) it is not. */
const ABOUT_A_STUDY = new RegExp(`${SPEAKS_OF_A_STUDY.source}|项目`);

/** A sentence that asks only what a term means, or to have it explained ("FRAND能用一句话解释吗"). */
const EXPLAIN_TERM =
  /^(?:请|麻烦)?(?:给|来)(?:我)?(?:个|一个|一段|一句)[^，。,.;；!?！？]{0,8}?(?:定义|解释|说明)(?:就行|就好|就可以|即可|吧)?[?？。.!！]*$|^[^，。,.;；!?！？]{1,16}?(?:能|可以|能不能)?(?:用[^，。,.;；!?！？]{1,6}?)?(?:给我|帮我|跟我)?(?:简单|通俗)?(?:地)?(?:解释|介绍|讲|说|科普)(?:一下|下)?(?:吗|么|吧)?[?？。.!！]*$/;

/** A term asked about and set beside another ("具身智能是什么？跟普通工业机器人有啥区别"): a glossary question too. */
const TERM_BESIDE_TERM =
  /^(?!.*(?:政策|依据|指引|文件|方向|部分))[^，。,.;；!?！？]{1,16}?是(?:什么|啥)[?？。]*[,，]?(?:它|这)?(?:和|跟|与)[^，。,.;；!?！？]{1,10}?(?:有啥|有什么|什么)(?:区别|不同)[?？。.!！]*$/;

function onlyDefinitions(lowered: string): boolean {
  if (DEFINITION.test(lowered.trim()) || TERM_BESIDE_TERM.test(lowered.trim())) return true;
  // "SEP是什么意思？FRAND能用一句话解释吗": every sentence asks for a definition.
  const sentences = lowered
    .split(/(?<=[?？。!！])/)
    .map((t) => t.trim())
    .filter(Boolean);
  return (
    sentences.length > 1 &&
    sentences.some((t) => DEFINITION.test(t)) &&
    sentences.every((t) => DEFINITION.test(t) || EXPLAIN_TERM.test(t))
  );
}

export function asksForAService(normalized: string): boolean {
  const lowered = normalized.toLowerCase();
  return (
    SERVICE_ASK.test(lowered) ||
    (ERRAND.test(lowered) &&
      !SPEAKS_OF_A_STUDY.test(lowered) &&
      // "…设计合作协议中的保密条款…适合哪个？": where a study goes, not one's own contract.
      !ASKS_WHICH.test(lowered) &&
      !PROGRAMME_ALONE.test(lowered) &&
      !asksAboutThisProgramme(lowered)) ||
    (OWN_CASE.test(lowered) && DISPUTE.test(lowered) && !ABOUT_A_STUDY.test(lowered)) ||
    asksForOwnBusiness(lowered) ||
    (onlyDefinitions(lowered) &&
      !/方向|课题|部分|申报|direction|topic|\bpart\b/.test(lowered) &&
      !asksAboutProgramme(lowered))
  );
}

/** Words that ask for a comparison outright; a bare "or" / 还是 ("能报吗还是不行") does not. */
const EXPLICIT_COMPARE =
  /区别|区分|不同|差异|差别|异同|对比|比较|(?:和|跟|与|同).{0,12}比|哪个更|\bvs\.?\b|\bversus\b|\bdiffer(?:ence|ences|ent)?\b|\bcompare[ds]?\b|\bdistinguish\b/;

export function comparesExplicitly(normalized: string): boolean {
  return EXPLICIT_COMPARE.test(normalized);
}

/**
 * What a research plan promises to deliver ("最终形成政策建议报告", "提出对策建议", "输出申报书"): words that
 * would read as intents (政策, 申报书) but name an output, not a question. Removed before intents are read.
 */
const OUTPUTS =
  /(?:形成|提出|给出|提交|产出|输出|撰写|完成|出具|编制|起草|报送|提供)[^，。,.;；!?！？]{0,12}?(?:政策建议|对策建议|咨询建议|建议报告|研究报告|政策报告|白皮书|指南|申报书)|政策建议(?:报告|稿|书)?|对策建议|政策研究报告|policy (?:recommendations?|proposals?|advice|brief|report)/g;

/** The question without the outputs a plan promises: what the applicant actually asks. */
export function withoutOutputs(normalized: string): string {
  return normalized.replace(OUTPUTS, " ");
}

/**
 * Questions about the programme rather than the table — deadlines, funding, eligibility, quotas,
 * templates, procedure. The table says none of this; the answer points to MIIT's official notice.
 */
const PROGRAMME =
  /截止|期限|(?:什么时候|何时|几月|哪天)(?:开始|申报|报名|提交|截止|出结果|公布|发布|立项)|什么时候|何时|多久|时间节点|申报时间|申报窗口|经费|资助|资金|拨款|金额|预算|多少钱|给多少|补助|谁(?:可以|能|有资格)(?:申报|报|申请)|哪些单位|什么单位|(?:申报|申请)(?:条件|资格|主体|门槛|要求)|资格|门槛|(?:能|可以|最多|限)报几|报几个|几个项目|限项|名额|一个单位|个人(?:能|可以|能否)(?:申报|报)|联合申报|模板|格式要求|字数|(?<!网)页数|篇幅|评审|专家打分|立项率|结题|验收|研究周期|执行期|多长时间|(?<!全)流程|程序|怎么提交|如何提交|在哪(?:里)?(?:申报|提交|报名)|申报系统|申报入口|申报平台|联系人|咨询电话|\bdeadlines?\b|due date|\bfunding\b|\bbudget\b|\bgrants? (?:size|amount)|eligib|who can apply|\btemplates?\b|how much money|how many (?:applications|proposals)|submission (?:portal|system)|\bwhen (?:is|are|do|does|can|will)\b|\bhow long\b|\b(?:page|word|length) (?:limit|count)s?\b|\bonline system\b|\bsubmit (?:it|the|our|a|an)\b|\bcontact (?:person|details|info)|\bwho (?:should|do|can|could) (?:i|we) (?:contact|ask|call)\b|phone number|e-?mail address/;
/** Words that put such a question in this programme, not in any other (hotpot prices have none). */
const PROGRAMME_CONTEXT =
  /申报|报名|项目|课题|推进计划|工信部|工业和信息化部|立项|方向|建议表|单位|结果|名单|通知|公示|\bpropos|\bappl(?:y|ication)|\bprogram|\bproject|\bmiit\b|\bdirection/;

/**
 * The application itself next to a procedural word: "申报书要写多少字", "能不能同时申报两个方向",
 * "申报材料要盖公章吗", "项目什么时候出结果".
 */
const APPLICATION_PROCEDURE =
  /(?:申报|(?<!专利|国际|商标|pct|版权)申请|报名|项目|课题|立项|研究报告|结题报告|成果报告)[^，。,.;；!?！？]{0,14}?(?:查重|多少字|字数|多少页|页数|篇幅|盖章|公章|签字|附件|附上|附带|前期(?:研究)?(?:成果|基础)|材料|同时|多个|两个|几个|重复|兼报|跨|资质|条件|要求|结果|公示|答辩|评审|验收|周期|时长|多久|截止|开始|时间(?:节点|安排|要求|是|在|多长|截止)|经费|预算|名额|格式|模板|(?<!全)流程|入口|网址|邮箱|联系|收费|交费|费用|钱|联合|牵头|合作单位)|(?:报了|申报后|提交后)[^，。,.;；!?！？]{0,8}?(?:多久|结果|通知)|(?:同时|重复|多个|两个|几个)[^，。,.;；!?！？]{0,6}?(?:申报|报名)|\bhow much (?:funding|money)\b|\bfunding\b.{0,30}\b(?:project|proposal|direction)s?\b/;

/** Words that, in a chat about this plan, can only be about the programme: no context needed. */
const PROGRAMME_ALONE =
  /(?:能|可以|能不能|可不可以|还能|还可以)(?:同时|接着|继续|再|重复|连续)(?:报|申报)|同一(?:个)?人[^，。,.;；!?！？]{0,6}?负责人|(?:线上|网上|在线|纸质|电子版)[^，。,.;；!?！？]{0,4}?提交|提交方式|立项了?(?:几|多少)|(?:同时|兼)(?:当|任|做|担任)[^，。,.;；!?！？]{0,8}?负责人|逾期(?:提交|申报)?|迟交|(?:项目|课题)[^，。,.;；!?！？]{0,6}?延期|中途(?:换|更换|变更)|(?:申报|报名)?系统[^，。,.;；!?！？]{0,6}?(?:注册|账号|登录)|注册账号|答辩(?:是|要|需要|在|形式|方式|时间|环节)|(?:线上|线下|现场)答辩|在研[^，。,.;；!?！？]{0,6}?项目|再申(?!请专利)|\b(?:original|full|official) (?:miit )?notice\b|\bthis call\b|\bsubmission (?:window|deadline|portal)\b|\bsecond round\b|\bmiss the (?:deadline|window)\b|个人(?:名义|身份)|谁(?:能|可以|有资格)(?:报|申报|申请|报名)|^(?:能|能给|给|有|资助|能批|批)?多少钱[?？。!！]*$|(?:能|可以|一般|大概)?批多少|推荐函|推荐意见|(?:主管部门|工信部门|工信厅|地方)[^，。,.;；!?！？]{0,6}?(?:推荐|盖章|出具|同意)|盖章|公章|法人章|签章|验收|结项|退钱|退回经费|对接人|(?:哪个|什么)(?:司|处)(?:管|负责)|(?:联系|对接)(?:工信部|工业和信息化部|部里)?(?:的)?(?:哪个|哪些|什么)(?:司局|司|处室|处)|(?:工信部|工业和信息化部|部里)(?:的)?(?:哪个|哪些|什么)(?:司局|司|处室|处|部门)|\bmid-?term (?:review|check|evaluation|assessment)s?\b|\bfinal (?:acceptance|report)s?\b|\brecommendation letters?\b|\breview panel\b|\bproposals? (?:are|is|will be|get) (?:evaluated|reviewed|assessed|scored|judged)\b|个人[^，。,.;；!?！？]{0,6}?(?:申报|报名)|(?:申报|报名)(?:人|主体)?(?:是|为|限)?个人|(?:再|重新|二次|再次)(?:申报|报名|报)(?!告|道|价)|(?:报过|申报过|去年报)[^，。,.;；!?！？]{0,4}?(?:没中|未中|没过|没通过|落选)|落选|\bcan (?:a|an|we|i|our|my)\b.{0,60}\bapply\b|\bcan [a-z-]+(?: [a-z-]+){0,9} (?:companies|firms|enterprises|universities|institutes|institutions|organi[sz]ations|associations|individuals|applicants) apply\b|\bapplication forms?\b|\bapply (?:jointly|together)\b|\bfunded\b|截止(?:日期|时间)?|申报时间|申报期|报名时间|资助|经费|拨款|申报(?:条件|资格|门槛|主体)|名额|限项|立项(?:率|结果|名单|通知|数|数量|个数|指标)|立(?:几|多少)个?项|(?:立项|支持|资助|入选|批准)(?:几|多少)家|(?:项目)?承担单位|(?:作为|当|做)(?:项目)?(?:牵头|申报)单位|结题|评审|公示|申报书模板|拨付|垫付|(?:预算|经费)(?:编制|科目|表)|(?:设备|劳务|差旅|会议|专家咨询|间接)费|牵头(?:单位|方)|(?:项目|课题)负责人|负责人[^，。,.;；!?！？]{0,8}?(?:职称|年龄|资格|条件|兼任|同时)|中期(?:检查|评估|考核)|申报(?:指南|通知)|通知(?:原文|全文)|(?:完整|正式)的?通知|材料提交|(?:材料|申报书)[^。.;；!?！？]{0,12}?(?:修改|补交|撤回|重交|份数|纸质|电子版)|(?<!科技)成果[^，。,.;；!?！？]{0,8}?(?:归属|归谁|署名|公开|发表|发论文|出版|出书)|承诺书|失信|自选(?:题目|课题|方向|选题)|自拟(?:题目|课题|方向|选题)?|自己(?:拟|定|选|出)(?:个|一个)?(?:题|题目|课题|方向|选题)|不按(?:申报建议|方向|建议表)(?:来|写|报)?|(?:方向|建议表)(?:以外|之外)的?(?:题目|选题|课题)|到账|(?:钱|经费)(?:什么时候|何时|多久)(?:到|拨|发|给)|联系(?:人|电话|方式)|咨询电话|(?:课题组|团队|项目组)?成员[^，。,.;；!?！？]{0,8}?(?:人数|职称|学历|资历)|(?:人数|职称|学历)[^，。,.;；!?！？]{0,6}?(?:有什么|有没有|有何|的)?(?:要求|限制)|电话咨询|找谁咨询|没有团队|没团队|有没有戏|有戏吗|(?:中|立项|入选)的?(?:概率|几率|机会)|(?:最后|最终|结题)(?:要)?(?:交|提交)的?(?:是|什么)|(?:字数|篇幅|页数)(?:有|有没有)?(?:要求|限制|上限|下限)|必须在[^，。,.;；!?！？]{0,10}?方向|(?:立|支持|资助)(?:一|几|多少)个?项|立了(?:几|多少)个?项|每年都有|每年(?:都)?(?:申报|开展|举办|征集)|一年(?:一|几|两)次|\blead (?:applicant|organi[sz]ation|institution)s?\b|\bown (?:topic|direction|theme)s?\b|\b(?:who|which organi[sz]ation) owns?\b.{0,30}\bresults?\b|\bdeadlines?\b|\bfunding\b|eligib|who can apply|\b(?:a|the|research|project|our) grants?\b|\bgrants? (?:size|amount|funding|money)\b/;

/**
 * Applying for several directions at once ("能不能同时报两个方向"), not telling two apart ("两个方向怎么区分")
 * nor counting the table's ("第一部分一共有几个方向").
 */
const SEVERAL_DIRECTIONS = /(?<!哪|第|这|那|的)(?:同时|重复|多个|两个|几个)[^，。,.;；!?！？]{0,6}?方向/;

/**
 * "这种能申报吗", "can we apply?": whether one may apply at all — or, beside a topic the table covers,
 * whether that topic fits. The retriever drops it as a programme question when the topic is evidence.
 */
const MAY_APPLY =
  /(?:可以|能|能否|能不能|有资格|允许)[^，。,.;；!?！？]{0,10}?(?:申报|申请|报名)(?:吗|么|不|嘛)|(?:能不能|可不可以|能否|可否|是否(?:可以|能))[^，。,.;；!?！？]{0,10}?(?:申报|报名)/;

/**
 * Whether a kind of applicant may apply or lead ("外资企业能不能申报", "律所可以牵头吗"): eligibility,
 * even where the question also names table words.
 */
const APPLICANT_KIND =
  /(?:外资|外企|合资|港澳台|民营|国企|央企|国有|事业单位|社会组织|行业协会|律所|律师事务所|代理机构|高校|大学|科研院所|自然人)(?:企业|公司|单位|机构)?[^，。,.;；!?！？]{0,6}?(?:能|可以|能否|能不能|可不可以|可否|是否|有没有资格)[^，。,.;；!?！？]{0,6}?(?:申报|报名|申请|牵头|报(?!告|道|价|销|纸|警|关))/;

/** A programme question only in that weak sense: whether one may apply, and nothing more procedural. */
export function asksOnlyWhetherOneMayApply(normalized: string): boolean {
  return MAY_APPLY.test(normalized) && !asksAboutProgrammeStrictly(normalized);
}

/**
 * A programme question in words only this programme has (申报, 课题, 立项): its money and partners
 * (课题能批多少钱, 跟医院联合申报) are no purchase or hospital visit; a 观光项目's price is.
 */
export function asksAboutThisProgramme(lowered: string): boolean {
  return (
    asksAboutProgramme(lowered) &&
    /申报|课题|立项|推进计划|工信部|工业和信息化部|\bpropos|\bappl(?:y|ication)|\bfunding\b/.test(lowered)
  );
}

export function asksAboutProgramme(normalized: string): boolean {
  return MAY_APPLY.test(normalized) || asksAboutProgrammeStrictly(normalized);
}

function asksAboutProgrammeStrictly(normalized: string): boolean {
  if (/考试|考证|驾照|\bexam/.test(normalized)) return false;
  return (
    PROGRAMME_ALONE.test(normalized) ||
    APPLICANT_KIND.test(normalized) ||
    (SEVERAL_DIRECTIONS.test(normalized) &&
      !EXPLICIT_COMPARE.test(normalized) &&
      !OVERVIEW.test(normalized) &&
      !ASKS_WHICH.test(normalized)) ||
    (PROGRAMME.test(normalized) && PROGRAMME_CONTEXT.test(normalized)) ||
    APPLICATION_PROCEDURE.test(normalized)
  );
}

/** The question a plan ends with: which direction to choose. */
const ASKS_WHICH =
  /(?:报|选|投|申报|放|归|属于|对应|适合|挂)(?:在)?(?:哪个|哪一个|哪项|哪一项|哪类|哪里|哪儿|哪)|哪个方向|什么方向|哪一?个?课题|\bwhich (?:direction|topic|one)\b|\bwhere (?:does|should|would) (?:it|this|that)\b/;
/** Whether the question asks which direction to choose, or whether one fits ("应该报哪个", "方向5合适吗"). */
export function asksWhichDirection(normalized: string): boolean {
  return (
    ASKS_WHICH.test(normalized) ||
    /(?:该|应该|要)(?:选|报)哪|(?:合适|适合|对|妥)(?:吗|么|不)|(?:能|可以|能不能|可不可以)(?:报|申报|选|放)[^，。,.;；!?！？]{0,16}?(?:吗|么|不)|\b(?:is|would) (?:it|this|direction \d+) (?:the |a )?(?:right |good |best )?(?:fit|one|choice)\b/.test(
      normalized,
    )
  );
}

/**
 * A plan that compares as its method ("比较美欧英法院的FRAND裁判思路…归哪个？") and asks which direction
 * fits: its 比较 compares courts or countries, not directions.
 */
export function comparesAsMethod(normalized: string): boolean {
  return ASKS_WHICH.test(normalized) && !/区别|区分|不同|异同|哪个更|\bdiffer|\bdistinguish/.test(normalized);
}

/** Asking for the tips or the policy basis outright, whatever else the question says. */
const ASKS_DIRECTLY =
  /怎么写|如何写|怎样写|咋写|写作|技巧|注意(?:什么|事项|哪些|些)|政策依据|政策指引|依据是|引用了?哪些|哪些文件|\bhow (?:do|to|should|can) (?:i |we )?(?:write|draft)|\bpolicy basis\b|\btips?\b/;

/** Every intent the question shows; `primary` orders them: tips over policy over compare over topic. */
export function detectIntents(question: string): { primary: Intent; all: Set<Intent> } {
  const normalized = withoutOutputs(question);
  const all = new Set<Intent>();
  if (TIPS.test(normalized)) all.add("tips");
  if (POLICY.test(normalized)) all.add("policy");
  if (COMPARE.test(normalized)) all.add("compare");
  if (OVERVIEW.test(normalized)) all.add("overview");
  let primary: Intent =
    (["tips", "policy", "compare", "overview"] as const).find((i) => all.has(i)) ?? "topic";
  // "…构建合规治理框架，报哪个方向？": a plan's own words (框架, 政策) do not outweigh the question it asks.
  if (
    (primary === "tips" || primary === "policy") &&
    ASKS_WHICH.test(normalized) &&
    !ASKS_DIRECTLY.test(normalized)
  )
    primary = all.has("compare") ? "compare" : "topic";
  return { primary, all };
}

/** A sentence that asks something (请问…, …吗？, 怎么…, can you…; in English, opening with its question word). */
const INTERROGATIVE =
  /[?？]|请问|想问|吗|怎么|如何|怎样|哪(?:个|些|家|里|儿|一)|什么|多少|能否|是否|可否|要不要|该不该|帮(?:我|我们|忙)|^(?:how|what|which|where|when|who|should|could|can|would|is|are|do|does)\b/;

/**
 * Words of an ask that name nothing of its own: who asks, how, and the generic ways of asking for help
 * with a study (从哪入手, 有什么建议). What remains is what the ask is about.
 */
const ASK_WORDS =
  /请问|想问(?:一下|下)?|问一下|一下|我们|我|你们|你|您|大家|应该|应当|该|可以|可不可以|能不能|能否|能|是否|可否|怎么|如何|怎样|哪个|哪些|哪里|哪儿|哪|什么|多少|吗|呢|吧|啊|呀|比较|更|最|好|合适|适合|合理|着手|入手|切入|开始|角度|思路|重点|建议|推荐|意见|看法|觉得|认为|办法|方法|做|写|准备|看|办|弄|搞|有|没有|是|的|了|和|还是|或者|这|那|个|些|样|就|再|还|也|都|要|想|需要|需不需要|不|下|为好|才|去|把|给|对|在|从|让|会|得/g;

/** Who the asker is: a company, a firm, a lab or a person introducing themselves. */
const OWN_SCENE =
  /我们(?:是|公司|企业|厂|律所|协会|实验室|课题组|团队|学院|单位|平台)|我(?:司|厂|所)|本公司|我是|\b(?:we are|we're|i am|i'm|i run|our (?:company|firm|team|lab|group))\b/;

/**
 * A question that sets its scene first (我们是一家光伏组件出口企业…) and then asks something of its own
 * (海外仓选址在汉堡还是杜伊斯堡): that last ask, or undefined when the question has no scene before its ask,
 * or its ask names nothing of its own ("请问这个适合哪个方向？", "有什么建议？").
 */
export function askAfterScene(normalized: string): string | undefined {
  const sentences = normalized
    .split(/(?<=[。！？!?；;\n])|(?<=[.])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length < 2) return undefined;
  let at = sentences.length - 1;
  while (at > 0 && !INTERROGATIVE.test((sentences[at] as string).toLowerCase())) at--;
  if (at === 0) return undefined;
  // The scene is the asker's own: who they are (我们是…, 我司…, we are…), not a plan's topic.
  if (!OWN_SCENE.test(sentences.slice(0, at).join("").toLowerCase())) return undefined;
  const ask = sentences[at] as string;
  const own = ask.replace(ASK_WORDS, "").replace(/[^\p{Script=Han}]/gu, "");
  const latin = (ask.toLowerCase().match(/[a-z]{3,}/g) ?? []).length;
  return own.length >= 4 || latin >= 4 ? ask : undefined;
}

/**
 * Beside the words that speak of a study (SPEAKS_OF_A_STUDY), an ask about the table's subjects or the
 * programme, or one that points back at the scene's topic (这个课题, 这种情况, 上述风险): the scene then is
 * what it asks about.
 */
const ASKS_OF_THE_STUDY =
  /立项|项目书|申请书|政策|依据|指引|文件|风险|专利|知识产权|侵权|许可|标准|合规|保护|布局|预警|应对|策略|对策|规则|机制|模式|经验|做法|案例|借鉴|(?:这|此|该|上述|以上|前述)(?:个|种|类|些|一)?(?:方向|课题|项目|选题|问题|情况|领域|主题|内容|思路|计划|想法|方案|题目|方面)|\b(?:study|topic|item|apply|fit|policy|patent|ip|licen[cs]\w*|standard|risk|rules?|model|cases?)\b/;

export function asksOfTheStudy(ask: string): boolean {
  const lowered = ask.toLowerCase();
  return (
    SPEAKS_OF_A_STUDY.test(lowered) ||
    ASKS_OF_THE_STUDY.test(lowered) ||
    TIPS.test(lowered) ||
    OVERVIEW.test(lowered) ||
    asksWhichDirection(lowered) ||
    asksAboutProgramme(lowered)
  );
}
