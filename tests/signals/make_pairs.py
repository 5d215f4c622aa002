"""Writes near_duplicate_pairs.jsonl: labelled pairs of Chinese notes (1 = a copy, lightly edited
or not; 0 = two genuine notes). Kept beside the data so the set can be read and regrown; the
suite reads only the .jsonl. Run: python tests/signals/make_pairs.py"""

from __future__ import annotations

import json
import random
from pathlib import Path

BASES = [
    "上午到金长顺家中走访，老人腿疼加重，已联系乡卫生院医生下周上门复查，并帮他申请了临时救助。",
    "和崔明浩一起核对了今年的收入明细账，木耳销售收入比去年多了两千元，光伏分红已经到账。",
    "走访李秀英户，房屋东墙出现裂缝，拍照上报镇里危房改造办公室，建议先搬到西屋居住。",
    "帮助朴春花填写雨露计划申请表，她女儿在通化职业技术学院读护理专业，明年六月毕业。",
    "村里召开产业发展会议，讨论明年扩大蓝莓种植面积，动员有劳动力的贫困户参加合作社。",
    "到王德福家查看新建的厕所，已经通水，但化粪池盖板还没有安装，约定周五前完成。",
    "张玉兰反映低保金三月份没有到账，回村部查询后发现银行卡号录错，已经重新提交。",
    "今天冒雪入户，给独居老人赵永山送去两袋大米和一桶油，检查了火炕和烟囱是否通畅。",
    "陪同县医院巡回医疗队到十五道沟村，为八户贫困户做了免费体检，发现两人血压偏高。",
    "刘成军的妻子想去镇上的服装厂务工，我帮她联系了厂里的人事，下周一去面试。",
    "核实金美子家的大病医疗报销情况，住院花费三万二千元，报销后个人只负担两千多元。",
    "跟村第一书记商量，准备给八组修一条通往木耳大棚的水泥路，预算需要报镇政府审批。",
    "孙志刚家的两头母牛都怀上了，他很高兴，说年底卖了牛犊就能还上小额信贷。",
    "组织全村贫困户学习森林防火知识，发放宣传单四十多份，提醒不要在山上烧荒。",
    "韩春梅的儿子患有先天性心脏病，帮助她向县残联申请了康复救助，材料已经交上去了。",
    "检查了全村自来水管道，冬季有三户的水管冻裂，已经安排村里的水管员去维修。",
    "高玉峰想学习养蜂技术，推荐他参加县农业局下个月举办的养蜂培训班，费用全免。",
    "李大爷的孙子今年考上了延边大学，帮他申请了生源地助学贷款和一次性奖励五千元。",
    "今天和镇里的干部一起复核了二〇一八年拟脱贫户名单，对两户的收入有疑问，需要再核实。",
    "到郑淑珍家了解她在爱心超市兑换积分的情况，她用打扫村道攒的积分换了洗衣粉和毛巾。",
    "帮助马金福办理了残疾证年审，顺便把他的两项补贴申请表交到了县残联窗口。",
    "村里的光伏电站本月发电收益一万一千元，按照方案分给了四十二户贫困户和公益岗位。",
    "走访发现吴家的孩子辍学在家，和学校老师一起上门劝返，孩子答应下周回学校上课。",
    "协调镇农机站为五户缺劳力的贫困户免费代耕，共完成春播面积三十二亩。",
    "黄丽华家的房子已经完成改造，今天验收，墙体、屋顶和门窗都符合要求，签字确认。",
    "下午在村部接待群众来访，曹国庆咨询易地搬迁政策，给他讲解了补助标准和申请流程。",
    "与帮扶单位县财政局联系，落实了年底慰问金，每户五百元，下周统一发放。",
    "检查各户的扶贫明白卡是否张贴，十二组有三户卡片破损，已经重新打印补贴。",
    "帮助种植户联系超市采购，今年的蓝莓按每斤十二元收购，比市场价高两元。",
    "陈桂芝老人的老伴去世了，今天去她家看望，帮助办理了丧葬补助并商量今后的照料安排。",
    "村集体经济合作社召开年终分红大会，贫困户每户分得八百元，现场签字领取。",
    "对照两不愁三保障逐项核查了宋家的情况，住房、饮水、医疗都有保障，孩子正常上学。",
    "到镇里参加脱贫攻坚推进会，传达了县里关于做好防返贫监测的新要求，回村后组织学习。",
    "林海燕想开一家小卖部，帮她整理了创业担保贷款的申请材料，下周送到县人社局。",
    "走访了三户边缘户，了解到姜家因为车祸花费较大，建议纳入监测对象并上报。",
    "给冯大娘家安装了烟感报警器，讲解了冬季取暖防止煤气中毒的注意事项。",
    "整理了本村二十六户贫困户的档案资料，补齐了缺少的收入证明和帮扶措施记录。",
    "帮助潘志强把自家的山野菜拍照发到网上销售，第一天就卖出去了十几单。",
    "和村医一起给患有慢性病的六位老人送药上门，提醒他们按时服药，定期测量血糖。",
    "秋收以后帮助董家把玉米卖给了粮库，价格每斤零点八五元，收入四千多元。",
]
NAMES = ["金长顺", "崔明浩", "李秀英", "朴春花", "王德福", "张玉兰", "赵永山", "刘成军"]
SYNONYMS = [("走访", "入户"), ("帮助", "协助"), ("联系", "对接"), ("已经", "已"),
            ("今天", "当天"), ("下周", "下星期"), ("申请", "申报"), ("了解", "询问"),
            ("检查", "查看"), ("商量", "研究"), ("，", "。"), ("组织", "召集")]
INSERTS = ["，群众比较满意", "，后续继续跟进", "，情况已向村书记汇报", "，相关照片已留存"]


def light_edit(rng: random.Random, text: str) -> str:
    """A copy with one or two small edits."""
    ops = rng.sample(["synonym", "insert", "delete", "date", "punct", "name"], rng.randint(1, 2))
    for op in ops:
        if op == "synonym":
            old, new = rng.choice([s for s in SYNONYMS if s[0] in text] or SYNONYMS)
            text = text.replace(old, new, 1)
        elif op == "insert":
            cut = text.rfind("，")
            text = text[:cut] + rng.choice(INSERTS) + text[cut:] if cut > 0 else text
        elif op == "delete" and len(text) > 40:
            start = rng.randint(5, len(text) - 8)
            text = text[:start] + text[start + rng.randint(1, 3):]
        elif op == "date":
            text = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{text}"
        elif op == "punct":
            text = text.replace("，", "；", 1).replace("。", "！", 1)
        elif op == "name":
            present = [n for n in NAMES if n in text]
            if present:
                text = text.replace(present[0], rng.choice(NAMES))
    return text


def reordered(rng: random.Random, text: str) -> str:
    """A copy with its clauses reordered."""
    parts = [p for p in text.rstrip("。").split("，") if p]
    rng.shuffle(parts)
    return "，".join(parts) + "。"


def main() -> None:
    rng = random.Random(20161201)
    pairs = []
    for index, base in enumerate(BASES):
        pairs.append({"a": base, "b": base, "label": 1, "how": "exact"})
        pairs.append({"a": base, "b": light_edit(rng, base), "label": 1, "how": "light edit"})
        pairs.append({"a": light_edit(rng, base), "b": light_edit(rng, base), "label": 1,
                      "how": "two edited copies"})
        if index % 3 == 0:
            pairs.append({"a": base, "b": reordered(rng, base), "label": 1, "how": "reordered"})
        other = BASES[(index + 1 + rng.randrange(len(BASES) - 1)) % len(BASES)]
        pairs.append({"a": base, "b": other, "label": 0, "how": "another note"})
        half = base[: len(base) // 2] + other[len(other) // 2:]
        pairs.append({"a": base, "b": half, "label": 0, "how": "half shared"})
    path = Path(__file__).with_name("near_duplicate_pairs.jsonl")
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), "utf-8")


if __name__ == "__main__":
    main()
