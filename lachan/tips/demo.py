"""Demo step: about sixty tips across the three demo provinces (Hải Phòng, Nghệ An,
Cần Thơ), written through the services so the register, the deadlines, the triage
suggestions and the audit trail are what real use would leave.

Every status appears: just received, classified, assigned, being verified (some due
within three days, some overdue, one marked complex), decided (prosecute with a case
number, decline with a reason), transferred, suspended and resumed. Some tips came
through the public page (anonymous, with a receipt) and carry messages between the
reporter and the officer. Two Hải Phòng tips share a phone number and are grouped; two
Nghệ An tips are near-duplicates left for the officer to group. Later steps (cases,
reports, plans) read these.

Idempotent: a province whose demo staff already registered tips is skipped; randomness
from ``context.rng_for``."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from lachan.accounts.models import User
from lachan.core import synthetic
from lachan.core.demo import DemoContext
from lachan.core.identifiers import IdentifierKind
from lachan.geo import selectors as geo
from lachan.geo.models import AdminUnit, Level
from lachan.tips import services
from lachan.tips.cleaning import IdentifierInput, PersonMentionInput, PlaceInput, ReporterInput
from lachan.tips.models import (
    Decision,
    ExploitationType,
    MentionRole,
    SuspensionReason,
    Tip,
    TipChannel,
    TipKind,
)
from lachan.tips.public.services import PublicTipInput, public_tip_submit
from lachan.tips.public.staging import public_submission_register
from lachan.tips.public.tokens import token_issue

# The path a tip has walked by now (each implies the ones before it).
RECEIVED = "received"
CLASSIFIED = "classified"
ASSIGNED = "assigned"
VERIFYING = "verifying"
COMPLEX = "complex"
PROSECUTED = "prosecuted"
DECLINED = "declined"
TRANSFERRED = "transferred"
SUSPENDED = "suspended"
RESUMED = "resumed"


@dataclass(frozen=True)
class StaffTip:
    key: str
    registrar: str  # username
    days_ago: float
    channel: str
    kind: str
    text: str
    state: str
    exploitation: str = ExploitationType.FORCED_LABOUR
    country: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()  # (role, description)
    named_reporter: bool = False
    urgent: bool = False
    child: bool = False
    trafficking: bool | None = True


@dataclass(frozen=True)
class PublicTip:
    key: str
    what: str
    where: str
    when: str
    who: str
    danger: str
    contact: str
    state: str  # RECEIVED, ASSIGNED or VERIFYING
    reporter_messages: tuple[str, ...] = ()
    officer_replies: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProvinceTips:
    code: str  # official province code
    police: str  # context.agencies key of the provincial police
    supervisor: str
    officer: str
    staff: tuple[StaffTip, ...]
    public: tuple[PublicTip, ...]
    group: tuple[str, ...] = ()  # keys of tips the supervisor groups
    transfer_to: str = ""  # context.agencies key receiving the TRANSFERRED tips
    extra_registrars: tuple[str, ...] = field(default=())


FL, SX, FM, CH = (
    ExploitationType.FORCED_LABOUR,
    ExploitationType.SEXUAL,
    ExploitationType.FORCED_MARRIAGE,
    ExploitationType.CHILD_TRAFFICKING,
)
DEN, REP, PET = TipKind.DENUNCIATION, TipKind.CRIME_REPORT, TipKind.PROSECUTION_PETITION
WALK, CALL, LETTER, MEDIA, REF = (
    TipChannel.WALK_IN,
    TipChannel.HOTLINE,
    TipChannel.LETTER,
    TipChannel.MEDIA,
    TipChannel.REFERRAL,
)
PHONE, ZALO, FB, BANK = (
    IdentifierKind.PHONE,
    IdentifierKind.ZALO,
    IdentifierKind.FACEBOOK,
    IdentifierKind.BANK_ACCOUNT,
)
SUSPECT, VICTIM = MentionRole.SUSPECT, MentionRole.POSSIBLE_VICTIM

HP = ProvinceTips(
    code="31",
    police="hp.police",
    supervisor="hp.chihuy",
    officer="hp.dieutra",
    transfer_to="na.police",
    group=("hp.casino.1", "hp.casino.2"),
    staff=(
        StaffTip(
            "hp.casino.1",
            "hp.dieutra",
            19,
            CALL,
            DEN,
            "Bà Trần Thị Nga gọi đường dây nóng: con trai 19 tuổi được một người trên Facebook "
            "tuyển đi Campuchia làm 'chăm sóc khách hàng', lương 1.500 USD. Sang tới nơi bị "
            "giữ hộ chiếu, ép lừa đảo qua mạng, đòi 3.000 USD mới thả. Người tuyển dụng dùng "
            "số 0912 345 678.",
            VERIFYING,
            FL,
            "KH",
            ((PHONE, "0912 345 678"), (FB, "facebook.com/tuyendung.vieclam.cpc")),
            ((SUSPECT, "người tuyển dụng xưng là 'anh Hùng'"),),
            named_reporter=True,
            urgent=True,
        ),
        StaffTip(
            "hp.casino.2",
            "hp.tiepnhan",
            17.5,
            WALK,
            DEN,
            "Anh Lê Văn Quý đến trình báo: em họ bị dụ sang Campuchia làm việc ở khu 'casino' "
            "Bavet, bị đánh khi không đủ chỉ tiêu. Người môi giới liên lạc qua Zalo số "
            "0912.345.678, đã nhận 20 triệu đồng tiền 'phí hồ sơ' qua tài khoản 0451000123456.",
            VERIFYING,
            FL,
            "KH",
            ((PHONE, "0912.345.678"), (BANK, "0451000123456")),
            named_reporter=True,
        ),
        StaffTip(
            "hp.karaoke",
            "hp.dieutra",
            26,
            REF,
            REP,
            "Hội Liên hiệp Phụ nữ phường Lê Chân chuyển tin: một quán karaoke ở phường Lê Chân "
            "thuê nhiều cô gái 16-17 tuổi từ miền núi, có dấu hiệu ép bán dâm, chủ quán giữ "
            "giấy tờ tùy thân.",
            VERIFYING,
            SX,
            child=True,
        ),
        StaffTip(
            "hp.ship",
            "hp.dieutra",
            35,
            LETTER,
            DEN,
            "Đơn tố giác của gia đình thuyền viên: công ty môi giới đưa 6 lao động đi làm trên "
            "tàu cá Đài Loan, bị giữ lương 8 tháng, không cho lên bờ, thuyền trưởng đánh đập.",
            COMPLEX,
            FL,
            "TW",
            ((PHONE, "0225 3 123 456"),),
        ),
        StaffTip(
            "hp.marriage",
            "hp.tiepnhan",
            40,
            WALK,
            DEN,
            "Chị Phạm Thị Hạnh trình báo: em gái 20 tuổi được mai mối sang Trung Quốc lấy "
            "chồng, gia đình nhận 30 triệu đồng. Nay em gọi về nói bị nhốt, không được ra "
            "ngoài, chồng bắt làm việc đồng áng không công.",
            PROSECUTED,
            FM,
            "CN",
            ((ZALO, "0987 654 321"),),
            ((VICTIM, "em gái người trình báo, 20 tuổi"), (SUSPECT, "bà mối tên Thu")),
            named_reporter=True,
        ),
        StaffTip(
            "hp.labour",
            "hp.dieutra",
            30,
            CALL,
            REP,
            "Người gọi báo hàng xóm đi xuất khẩu lao động Nhật Bản qua công ty có giấy phép, "
            "làm đúng hợp đồng, chỉ chậm lương một tháng.",
            DECLINED,
            FL,
            "JP",
            trafficking=False,
        ),
        StaffTip(
            "hp.baby",
            "hp.tiepnhan",
            3,
            WALK,
            DEN,
            "Nhân viên y tế trình báo một sản phụ có ý định 'cho' con mới sinh cho người lạ "
            "đổi lấy tiền, người nhận hẹn gặp ở bến xe Niệm Nghĩa.",
            ASSIGNED,
            CH,
            "",
            ((PHONE, "+84 903 222 111"),),
            urgent=True,
            child=True,
        ),
        StaffTip(
            "hp.na",
            "hp.dieutra",
            4,
            REF,
            REP,
            "Đồn Biên phòng Cát Hải chuyển tin: hai thanh niên quê Nghệ An khai được người ở "
            "huyện Kỳ Sơn cũ rủ sang Lào làm rẫy, bị giữ giấy tờ. Việc xảy ra tại Nghệ An.",
            TRANSFERRED,
            FL,
            "LA",
        ),
        StaffTip(
            "hp.docs",
            "hp.dieutra",
            45,
            LETTER,
            PET,
            "Viện kiểm sát kiến nghị khởi tố vụ môi giới đưa người sang Hàn Quốc bằng visa du "
            "lịch rồi bỏ trốn, có dấu hiệu mua bán người; chờ kết quả giám định tài liệu.",
            SUSPENDED,
            FL,
            "KR",
        ),
        StaffTip(
            "hp.resumed",
            "hp.dieutra",
            60,
            MEDIA,
            REP,
            "Báo điện tử đăng tin về đường dây tuyển 'người mẫu ảnh' đưa sang Malaysia; phóng "
            "viên cung cấp thêm tài liệu sau khi tạm đình chỉ.",
            RESUMED,
            SX,
            "MY",
        ),
        StaffTip(
            "hp.new.1",
            "hp.tiepnhan",
            0.2,
            CALL,
            DEN,
            "Cuộc gọi: một phụ nữ bị giữ ở nhà nghỉ gần cảng Chùa Vẽ, người gọi nghe thấy tiếng "
            "kêu cứu, nghi bị đưa đi bán sang Trung Quốc.",
            RECEIVED,
            SX,
            urgent=True,
        ),
        StaffTip(
            "hp.new.2",
            "hp.tiepnhan",
            1,
            WALK,
            DEN,
            "Chị Vũ Thị Lan trình báo người quen rủ đi làm giúp việc ở Ả Rập Xê Út, thu 15 triệu "
            "đồng phí, nay không liên lạc được người đó.",
            CLASSIFIED,
            FL,
            "SA",
            named_reporter=True,
        ),
        StaffTip(
            "hp.scam",
            "hp.dieutra",
            12,
            CALL,
            DEN,
            "Người gọi bị lừa chuyển tiền đầu tư tiền ảo qua một tài khoản Telegram, mất 200 "
            "triệu đồng; không có dấu hiệu mua bán người.",
            DECLINED,
            "",
            trafficking=False,
        ),
        StaffTip(
            "hp.due",
            "hp.dieutra",
            18,
            WALK,
            REP,
            "Trường THCS báo một học sinh lớp 9 bỏ học, được người lạ hứa việc làm ở TP. Hồ Chí "
            "Minh, gia đình mất liên lạc 5 ngày.",
            VERIFYING,
            CH,
            child=True,
        ),
        StaffTip(
            "hp.overdue",
            "hp.dieutra",
            28,
            REF,
            DEN,
            "Trung tâm công tác xã hội chuyển tin: nạn nhân trở về từ Myanmar khai có người "
            "cùng xã còn bị giữ ở khu Myawaddy.",
            VERIFYING,
            FL,
            "MM",
        ),
        StaffTip(
            "hp.decided.2",
            "hp.tiepnhan",
            22,
            WALK,
            DEN,
            "Gia đình trình báo con gái 17 tuổi bị bạn trai quen qua mạng đưa lên Lào Cai rồi "
            "sang Trung Quốc; đã giải cứu được.",
            PROSECUTED,
            SX,
            "CN",
            child=True,
        ),
    ),
    public=(
        PublicTip(
            "hp.pub.1",
            "Em gái tôi được người quen rủ sang Campuchia làm nhân viên bán hàng online, lương "
            "cao. Đi được 2 tuần thì nhắn tin cầu cứu, nói bị bắt làm lừa đảo, không được về.",
            "Phường Lê Chân, Hải Phòng",
            "khoảng 2 tuần trước",
            "người quen tên Tuấn, dùng số 0912 345 678",
            "yes",
            "Liên hệ qua trang theo dõi này, không gọi điện.",
            ASSIGNED,
            ("Em tôi vừa nhắn thêm: đang ở khu nhà có rào kẽm gai gần biên giới.",),
            ("Chúng tôi đã nhận tin và đang xác minh. Bạn có ảnh tin nhắn của em không?",),
        ),
        PublicTip(
            "hp.pub.2",
            "Co nguoi dang tuyen nu di lam o quan karaoke, bao an o, nghi la ep ban dam.",
            "gần chợ Sắt",
            "tuần này",
            "",
            "unknown",
            "",
            RECEIVED,
        ),
        PublicTip(
            "hp.pub.3",
            "Một cháu bé khoảng 10 tuổi đi bán hàng rong đến khuya, có người lớn theo dõi và "
            "thu tiền, cháu nói không được đi học.",
            "khu vực bến xe Cầu Rào",
            "tối hôm qua",
            "một người đàn ông khoảng 40 tuổi",
            "yes",
            "Có thể nhắn qua trang theo dõi.",
            VERIFYING,
            ("Tối nay cháu vẫn ở đó.",),
            ("Cảm ơn bạn, lực lượng chức năng đã đến kiểm tra.",),
        ),
        PublicTip(
            "hp.pub.4",
            "Tôi thấy tin tuyển 'tiếp viên du thuyền' đi Dubai trên TikTok, yêu cầu gửi ảnh và "
            "hộ chiếu, có số tài khoản để đặt cọc 0451000123456.",
            "",
            "",
            "tài khoản TikTok 'Du thuyền quốc tế'",
            "no",
            "",
            RECEIVED,
        ),
    ),
)

NA = ProvinceTips(
    code="40",
    police="na.police",
    supervisor="na.chihuy",
    officer="na.dieutra",
    transfer_to="hp.police",
    extra_registrars=("na.bienphong",),
    staff=(
        StaffTip(
            "na.laos.1",
            "na.dieutra",
            19,
            CALL,
            DEN,
            "Chị Lương Thị Pha gọi báo: chồng và em trai ở xã Mỹ Lý được người lạ rủ sang Lào "
            "làm khai thác gỗ, bị giữ giấy tờ, làm không được trả tiền, người môi giới dùng "
            "số 0388 123 456.",
            VERIFYING,
            FL,
            "LA",
            ((PHONE, "0388 123 456"),),
            named_reporter=True,
        ),
        StaffTip(
            "na.laos.2",
            "na.dieutra",
            16,
            REF,
            REP,
            "UBND xã Mỹ Lý báo: chồng và em trai chị Pha ở xã Mỹ Lý được người lạ rủ sang Lào "
            "làm khai thác gỗ, bị giữ giấy tờ, làm không được trả tiền.",
            VERIFYING,
            FL,
            "LA",
        ),
        StaffTip(
            "na.bride",
            "na.dieutra",
            50,
            WALK,
            DEN,
            "Gia đình ở xã Keng Đu trình báo con gái 16 tuổi bị người cùng bản đưa sang Trung "
            "Quốc bán làm vợ, nhận 50 triệu đồng.",
            PROSECUTED,
            FM,
            "CN",
            ((ZALO, "0966 777 888"),),
            ((SUSPECT, "người cùng bản, khoảng 35 tuổi"),),
            named_reporter=True,
            child=True,
        ),
        StaffTip(
            "na.border.1",
            "na.bienphong",
            2,
            WALK,
            REP,
            "Tổ công tác cửa khẩu Nậm Cắn phát hiện 3 phụ nữ đi cùng một người đàn ông, khai "
            "sang Lào làm nhà hàng nhưng không biết địa chỉ, giấy tờ do người đàn ông giữ.",
            CLASSIFIED,
            SX,
            "LA",
            urgent=True,
        ),
        StaffTip(
            "na.border.2",
            "na.bienphong",
            0.5,
            CALL,
            DEN,
            "Người dân xã Nậm Cắn báo có xe khách lạ đón thanh niên trong bản đi 'làm ăn xa' "
            "vào ban đêm.",
            RECEIVED,
            FL,
        ),
        StaffTip(
            "na.overdue.1",
            "na.dieutra",
            30,
            LETTER,
            DEN,
            "Đơn của bà Vi Thị Hoa: con gái đi làm ở Malaysia qua người quen, 6 tháng không "
            "liên lạc, nghi bị bán vào quán bar.",
            VERIFYING,
            SX,
            "MY",
            named_reporter=True,
        ),
        StaffTip(
            "na.overdue.2",
            "na.dieutra",
            33,
            REF,
            REP,
            "Sở Lao động chuyển tin: nhóm lao động đi Đài Loan theo hợp đồng nhưng bị chuyển "
            "sang chủ khác, bị giữ hộ chiếu.",
            VERIFYING,
            FL,
            "TW",
        ),
        StaffTip(
            "na.complex",
            "na.dieutra",
            40,
            REF,
            PET,
            "Kiến nghị khởi tố đường dây đưa người vượt biên sang Anh qua Pháp, nhiều tỉnh, cần "
            "tương trợ tư pháp với nước ngoài.",
            COMPLEX,
            FL,
            "GB",
        ),
        StaffTip(
            "na.decline",
            "na.dieutra",
            25,
            WALK,
            DEN,
            "Ông Lô Văn Tám trình báo người môi giới hôn nhân có đăng ký hợp pháp, con gái đã "
            "kết hôn với người Hàn Quốc và vẫn liên lạc bình thường.",
            DECLINED,
            "",
            "KR",
            named_reporter=True,
            trafficking=False,
        ),
        StaffTip(
            "na.suspended",
            "na.dieutra",
            45,
            REF,
            REP,
            "Tin từ Đại sứ quán: công dân xã Tương Dương bị giữ ở Trung Quốc, chờ phía bạn "
            "cung cấp tài liệu.",
            SUSPENDED,
            SX,
            "CN",
        ),
        StaffTip(
            "na.assigned",
            "na.dieutra",
            2,
            CALL,
            DEN,
            "Người gọi báo cháu 15 tuổi ở xã Huồi Tụ bỏ nhà theo người quen qua mạng, nói "
            "sang Lào làm quán ăn.",
            ASSIGNED,
            CH,
            "LA",
            child=True,
            urgent=True,
        ),
        StaffTip(
            "na.due",
            "na.dieutra",
            18.5,
            WALK,
            DEN,
            "Chị Moong Thị Lan trình báo bị người quen lừa sang Trung Quốc, đã tự trốn về, đề "
            "nghị xử lý người đưa đi.",
            VERIFYING,
            FM,
            "CN",
            named_reporter=True,
        ),
        StaffTip(
            "na.new",
            "na.dieutra",
            0.1,
            MEDIA,
            REP,
            "Mạng xã hội lan truyền bài tuyển 'việc nhẹ lương cao' ở Myanmar, nhắm vào thanh "
            "niên Nghệ An, tài khoản Facebook 'Việc làm Thái Lan'.",
            RECEIVED,
            FL,
            "MM",
            ((FB, "facebook.com/vieclam.thailan.2025"),),
        ),
        StaffTip(
            "na.transfer",
            "na.dieutra",
            3,
            REF,
            REP,
            "Người dân báo một cơ sở ở Hải Phòng tuyển nữ phục vụ quán, nghi đưa người từ "
            "Nghệ An ra; nơi xảy ra ở Hải Phòng.",
            TRANSFERRED,
            SX,
        ),
        StaffTip(
            "na.prosecuted.2",
            "na.dieutra",
            28,
            CALL,
            DEN,
            "Người cha báo con trai bị đưa sang Campuchia, gia đình bị đòi tiền chuộc 5.000 "
            "USD qua tài khoản 1903 6666 8888.",
            PROSECUTED,
            FL,
            "KH",
            ((BANK, "1903 6666 8888"),),
        ),
        StaffTip(
            "na.canbo",
            "na.dieutra",
            6,
            REF,
            REP,
            "UBND xã Nậm Cắn báo 4 thanh niên trong bản đi Lào làm thuê theo lời rủ của một "
            "người lạ, nay chỉ 1 người về, khai những người kia bị giữ lại trả nợ.",
            VERIFYING,
            FL,
            "LA",
        ),
        StaffTip(
            "na.border.3",
            "na.bienphong",
            9,
            WALK,
            REP,
            "Tổ tuần tra phát hiện một phụ nữ trở về qua đường mòn, khai bị bán sang Trung "
            "Quốc 2 năm trước, đã tự trốn.",
            CLASSIFIED,
            FM,
            "CN",
        ),
    ),
    public=(
        PublicTip(
            "na.pub.1",
            "Có người trong bản rủ con gái tôi 15 tuổi sang Trung Quốc làm ở xưởng may, hứa "
            "mỗi tháng 8 triệu. Tôi lo bị bán.",
            "xã Nậm Cắn",
            "hôm qua",
            "một phụ nữ người bản bên",
            "no",
            "Nhắn qua trang theo dõi.",
            ASSIGNED,
            ("Người đó hẹn thứ bảy này đến đón con tôi.",),
            ("Chúng tôi đã nhận tin. Gia đình đừng để cháu đi; cán bộ sẽ đến nhà.",),
        ),
        PublicTip(
            "na.pub.2",
            "toi nghe noi co nguoi bi nhot o lao, lam ray khong cong",
            "Tuong Duong",
            "",
            "",
            "unknown",
            "",
            RECEIVED,
            ("Toi co them so dien thoai cua nguoi dua di: 0388 123 456",),
        ),
        PublicTip(
            "na.pub.3",
            "Chị họ tôi bị đưa sang Trung Quốc từ năm ngoái, mới gọi về được bằng số lạ, nói "
            "đang ở tỉnh Hà Nam, muốn về nhưng bị canh giữ.",
            "xã Keng Đu",
            "cuộc gọi tối qua",
            "chồng người Trung Quốc và gia đình",
            "yes",
            "Nhắn qua trang theo dõi hoặc gọi cho tôi buổi tối.",
            VERIFYING,
            ("Chị ấy vừa gọi lại, nói bị chuyển đi chỗ khác.",),
            ("Chúng tôi đã báo cơ quan đại diện Việt Nam. Nếu chị ấy gọi lại, hãy hỏi địa chỉ.",),
        ),
        PublicTip(
            "na.pub.4",
            "Trên Zalo có nhóm 'Việc làm Lào lương cao' tuyển thanh niên dân tộc, bao ăn ở.",
            "",
            "",
            "",
            "unknown",
            "",
            RECEIVED,
        ),
    ),
)

CT = ProvinceTips(
    code="92",
    police="ct.police",
    supervisor="ct.chihuy",
    officer="ct.dieutra",
    transfer_to="hp.police",
    staff=(
        StaffTip(
            "ct.bride.1",
            "ct.dieutra",
            45,
            WALK,
            DEN,
            "Chị Trần Thị Diễm trình báo em gái được môi giới sang Đài Loan kết hôn qua công "
            "ty không giấy phép, sang nơi bị ép làm việc và không được liên lạc.",
            PROSECUTED,
            FM,
            "TW",
            ((PHONE, "0939 111 222"),),
            ((SUSPECT, "môi giới tên Út"),),
            named_reporter=True,
        ),
        StaffTip(
            "ct.bride.2",
            "ct.dieutra",
            19,
            CALL,
            DEN,
            "Gia đình ở Cái Răng báo con gái 19 tuổi được giới thiệu lấy chồng Trung Quốc, "
            "người môi giới yêu cầu giữ kín, đã đặt cọc 10 triệu.",
            VERIFYING,
            FM,
            "CN",
            ((PHONE, "0939111222"),),
        ),
        StaffTip(
            "ct.fish",
            "ct.dieutra",
            32,
            REF,
            REP,
            "Biên phòng báo ngư dân trở về từ Indonesia khai bị giữ trên tàu cá 2 năm không lương.",
            VERIFYING,
            FL,
            "ID",
        ),
        StaffTip(
            "ct.online",
            "ct.dieutra",
            27,
            MEDIA,
            REP,
            "Tin trên mạng: nhóm TikTok tuyển 'mẫu ảnh' 16-18 tuổi đi Malaysia, bao vé.",
            VERIFYING,
            SX,
            "MY",
            child=True,
        ),
        StaffTip(
            "ct.decline",
            "ct.dieutra",
            21,
            WALK,
            DEN,
            "Anh Nguyễn Văn Sáu trình báo bị chủ vườn ở Vĩnh Long cũ nợ lương 2 tháng; tranh "
            "chấp lao động, không có dấu hiệu mua bán người.",
            DECLINED,
            "",
            named_reporter=True,
            trafficking=False,
        ),
        StaffTip(
            "ct.suspended",
            "ct.dieutra",
            50,
            REF,
            PET,
            "Kiến nghị khởi tố vụ đưa lao động sang Campuchia, chờ kết quả định giá tài sản "
            "thu giữ.",
            SUSPENDED,
            FL,
            "KH",
        ),
        StaffTip(
            "ct.resumed",
            "ct.dieutra",
            70,
            LETTER,
            DEN,
            "Đơn tố giác nhóm người mua bán trẻ sơ sinh qua mạng; đã có kết quả giám định ADN "
            "nên phục hồi giải quyết.",
            RESUMED,
            CH,
            "",
            child=True,
        ),
        StaffTip(
            "ct.complex",
            "ct.dieutra",
            25,
            REF,
            REP,
            "Công an xã Phong Điền báo nhiều thanh niên được tuyển đi Dubai làm bảo vệ, sang "
            "đó bị chuyển sang Myanmar.",
            COMPLEX,
            FL,
            "MM",
        ),
        StaffTip(
            "ct.assigned",
            "ct.dieutra",
            2.5,
            CALL,
            DEN,
            "Người gọi báo một phụ nữ ở Ninh Kiều bị bạn trai giữ giấy tờ, ép tiếp khách.",
            ASSIGNED,
            SX,
            urgent=True,
        ),
        StaffTip(
            "ct.classified",
            "ct.dieutra",
            1.5,
            WALK,
            REP,
            "Trường học báo học sinh lớp 8 nghỉ học, gia đình nói đi làm ở Bình Dương với "
            "người quen.",
            CLASSIFIED,
            CH,
            child=True,
        ),
        StaffTip(
            "ct.new",
            "ct.dieutra",
            0.3,
            CALL,
            DEN,
            "Người gọi nghe hàng xóm nói có người tuyển lao động đi Hàn Quốc mất phí 100 triệu, "
            "không rõ công ty.",
            RECEIVED,
            FL,
            "KR",
        ),
        StaffTip(
            "ct.due",
            "ct.dieutra",
            17.5,
            REF,
            DEN,
            "Trung tâm bảo trợ xã hội chuyển tin: cô gái 18 tuổi trốn khỏi cơ sở massage ở "
            "TP. Hồ Chí Minh, khai bị giữ 3 tháng.",
            VERIFYING,
            SX,
        ),
        StaffTip(
            "ct.transfer",
            "ct.dieutra",
            4,
            REF,
            REP,
            "Tin báo về một công ty ở Hải Phòng đưa người Cần Thơ ra làm việc trên tàu, giữ "
            "giấy tờ; nơi xảy ra ở Hải Phòng.",
            TRANSFERRED,
            FL,
        ),
        StaffTip(
            "ct.prosecuted.2",
            "ct.dieutra",
            35,
            WALK,
            DEN,
            "Bà Lâm Thị Bé trình báo con dâu bị đưa sang Campuchia làm việc trong sòng bạc, "
            "bị đánh đập; đã được giải cứu.",
            PROSECUTED,
            FL,
            "KH",
            named_reporter=True,
        ),
        StaffTip(
            "ct.surrogacy",
            "ct.dieutra",
            8,
            REF,
            REP,
            "Bệnh viện báo một nhóm môi giới tìm phụ nữ trẻ 'mang thai hộ' cho người nước "
            "ngoài, hứa trả 200 triệu đồng, tổ chức đưa sang Campuchia.",
            VERIFYING,
            ExploitationType.SURROGACY,
            "KH",
        ),
        StaffTip(
            "ct.migrant",
            "ct.dieutra",
            14,
            WALK,
            DEN,
            "Chị Đặng Thị Mỹ trình báo chồng đi làm ở Úc theo visa lao động hợp pháp, chỉ lo "
            "công ty chậm gửi tiền; không có dấu hiệu mua bán người.",
            DECLINED,
            "",
            "AU",
            named_reporter=True,
            trafficking=False,
        ),
    ),
    public=(
        PublicTip(
            "ct.pub.1",
            "Một nhóm trên Facebook hứa đưa con gái đi làm tiếp viên ở Malaysia, đòi nộp căn "
            "cước gốc. Bạn tôi đã gửi và giờ bị đòi thêm tiền.",
            "Ninh Kiều",
            "tháng này",
            "tài khoản 'Tuyển tiếp viên quốc tế'",
            "no",
            "Tôi sẽ xem lại trang theo dõi.",
            VERIFYING,
            ("Họ vừa nhắn sẽ gửi vé máy bay tuần sau.",),
            ("Cảm ơn bạn. Bạn của bạn đừng đi và giữ lại tin nhắn; chúng tôi đang xác minh.",),
        ),
        PublicTip(
            "ct.pub.2",
            "Có người lạ thường đưa trẻ em đến bán vé số ở bến Ninh Kiều, thu tiền của các em.",
            "bến Ninh Kiều",
            "tối nào cũng thấy",
            "",
            "unknown",
            "",
            RECEIVED,
        ),
        PublicTip(
            "ct.pub.3",
            "Em bị lừa sang Campuchia, đã trốn về được, muốn tố giác người đưa đi.",
            "Cái Răng",
            "tháng trước",
            "người quen tên Hiếu",
            "no",
            "Nhắn qua trang theo dõi, em không muốn bị gọi điện.",
            ASSIGNED,
            (),
            ("Chúng tôi muốn hẹn gặp em. Em có thể đến trụ sở vào giờ hành chính không?",),
        ),
    ),
)

PROVINCES: tuple[ProvinceTips, ...] = (HP, NA, CT)
_CASE_NUMBERS = {"hp": "12/2026/HS", "na": "07/2026/HS", "ct": "21/2026/HS"}


def _communes(province: AdminUnit) -> list[AdminUnit]:
    return list(geo.children_of(unit=province, level=Level.COMMUNE).order_by("code"))


def _register(
    spec: StaffTip,
    *,
    actor: User,
    commune: AdminUnit,
    province_code: str,
    now: dt.datetime,
    rng: random.Random,
) -> Tip:
    reporter = None
    if spec.named_reporter:
        made = synthetic.person(rng, province_code=province_code)
        reporter = ReporterInput(
            anonymous=False, name=made.full_name, phone=made.phone, may_contact=True
        )
    return services.tip_register(
        actor=actor,
        kind=spec.kind,
        channel=spec.channel,
        content=spec.text,
        received_at=now - dt.timedelta(days=spec.days_ago),
        reporter=reporter,
        places=[PlaceInput(admin_unit=commune)],
        identifiers=[IdentifierInput(kind, value) for kind, value in spec.identifiers],
        persons=[PersonMentionInput(role=role, description=d) for role, d in spec.mentions],
        urgent=spec.urgent,
        child_involved=spec.child,
    )


def _classify(
    tip: Tip, *, actor: User, exploitation: str, country: str, trafficking: bool | None
) -> Tip:
    return services.tip_classify(
        actor=actor,
        tip=tip,
        trafficking_related=trafficking,
        exploitation_type=exploitation if trafficking else "",
        urgent=tip.urgent,
        child_involved=tip.child_involved,
        destination_country=country,
    )


def _walk(
    tip: Tip,
    *,
    state: str,
    plan: ProvinceTips,
    context: DemoContext,
    exploitation: str,
    country: str,
    trafficking: bool | None,
    registrar: User,
) -> Tip:
    """Take a registered tip along its path up to ``state``."""
    if state == RECEIVED:
        return tip
    supervisor, officer = context.users[plan.supervisor], context.users[plan.officer]
    directed = tip.receiving_agency_id != context.agencies["na.border"].pk
    classifier = supervisor if directed else registrar
    tip = _classify(
        tip, actor=classifier, exploitation=exploitation, country=country, trafficking=trafficking
    )
    if state == CLASSIFIED or not directed:
        return tip
    tip = services.tip_assign(actor=supervisor, tip=tip, assignee=officer)
    if state == ASSIGNED:
        return tip
    if state == TRANSFERRED:
        services.tip_transfer(
            actor=officer,
            tip=tip,
            to_agency=context.agencies[plan.transfer_to],
            note="Nơi xảy ra thuộc địa bàn tỉnh khác.",
        )
        return Tip.objects.get(pk=tip.pk)
    tip = services.tip_start_verification(actor=officer, tip=tip)
    if state == COMPLEX:
        return services.tip_mark_complex(
            actor=officer, tip=tip, reason="Nhiều người liên quan ở nhiều tỉnh và nước ngoài."
        )
    if state == PROSECUTED:
        return services.tip_decide(
            actor=officer,
            tip=tip,
            decision=Decision.PROSECUTE,
            decision_number=f"{tip.register_seq}/QĐ-KTVA",
            case_number=_CASE_NUMBERS[plan.police[:2]],
        )
    if state == DECLINED:
        return services.tip_decide(
            actor=officer,
            tip=tip,
            decision=Decision.DECLINE,
            decision_number=f"{tip.register_seq}/QĐ-KKTVA",
            decline_reason="Không có sự việc phạm tội mua bán người (Điều 157 BLTTHS).",
        )
    if state in (SUSPENDED, RESUMED):
        reason = (
            SuspensionReason.VALUATION
            if "định giá" in tip.content
            else SuspensionReason.EXPERT_ASSESSMENT
            if "giám định" in tip.content
            else SuspensionReason.FOREIGN_LEGAL_ASSISTANCE
            if "nước" in tip.content or "Đại sứ" in tip.content
            else SuspensionReason.KEY_DOCUMENTS
        )
        tip = services.tip_suspend(actor=officer, tip=tip, reason=reason)
        if state == RESUMED:
            tip = services.tip_resume(actor=officer, tip=tip, note="Đã có kết quả, tiếp tục.")
    return tip


def _public(spec: PublicTip, *, plan: ProvinceTips, context: DemoContext, now: dt.datetime) -> None:
    province = geo.unit_by_code(code=plan.code)
    # The form was fetched a few minutes before sending (the minimum fill time passes).
    token, _ = token_issue(now - dt.timedelta(minutes=5))
    stored, _code = public_tip_submit(
        token=token,
        data=PublicTipInput(
            what=spec.what,
            where=spec.where,
            province=province,
            when=spec.when,
            who=spec.who,
            danger=spec.danger,
            contact=spec.contact,
        ),
    )
    # What the background task does right after the commit (decision 0009): the demo
    # needs the tip at once, so it registers here.
    tip = public_submission_register(submission_id=stored.pk)
    assert tip is not None
    officer = context.users[plan.officer]
    for body in spec.reporter_messages[:1]:
        services.tip_message_from_reporter(tip=tip, body=body)
    if spec.state != RECEIVED:
        tip = _walk(
            tip,
            state=ASSIGNED,
            plan=plan,
            context=context,
            exploitation="",
            country="",
            trafficking=None,
            registrar=officer,
        )
        if spec.state == VERIFYING:
            tip = services.tip_start_verification(actor=officer, tip=tip)
    for body in spec.officer_replies:
        services.tip_message_to_reporter(actor=officer, tip=tip, body=body)
    for body in spec.reporter_messages[1:]:
        services.tip_message_from_reporter(tip=tip, body=body)


def _seed_province(plan: ProvinceTips, context: DemoContext, now: dt.datetime) -> int:
    rng = context.rng_for(f"tips:{plan.code}")
    province = geo.unit_by_code(code=plan.code)
    communes = _communes(province)
    made: dict[str, Tip] = {}
    for spec in plan.staff:
        registrar = context.users[spec.registrar]
        commune = rng.choice(communes)
        tip = _register(
            spec, actor=registrar, commune=commune, province_code=plan.code, now=now, rng=rng
        )
        made[spec.key] = _walk(
            tip,
            state=spec.state,
            plan=plan,
            context=context,
            exploitation=spec.exploitation,
            country=spec.country,
            trafficking=spec.trafficking,
            registrar=registrar,
        )
    for public in plan.public:
        _public(public, plan=plan, context=context, now=now)
    if plan.group:
        first, *others = (made[key] for key in plan.group)
        for other in others:
            services.tip_group(actor=context.users[plan.supervisor], tip=first, other=other)
    return len(plan.staff) + len(plan.public)


def _exists(plan: ProvinceTips, context: DemoContext) -> bool:
    """The province's demo tips are there when its demo staff registered any tip."""
    registrars = [context.users[s.registrar] for s in plan.staff]
    return Tip.objects.filter(received_by__in=registrars).exists()


def seed(context: DemoContext) -> None:
    now = timezone.now()
    total = 0
    for plan in PROVINCES:
        if _exists(plan, context):
            continue
        total += _seed_province(plan, context, now)
    context.created["nguồn tin"] += total
    if total:
        context.say(f"Tin báo mẫu: {total} tin ở Hải Phòng, Nghệ An, Cần Thơ.")
