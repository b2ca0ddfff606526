"""Border gates (cửa khẩu) where persons cross and where foreign authorities hand victims
over to Vietnam. Shared by investigations (hand-over events) and victims (reception).

Codes are ours and stable; names are the official Vietnamese ones. The list covers the
international and main gates on the Chinese, Lao and Cambodian borders that the
counter-trafficking reports name; "other" is recorded with free text where a gate is
missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BorderGate:
    code: str
    name: str  # Vietnamese official name
    counterpart_country: str  # ISO 3166-1 alpha-2: CN, LA, KH
    province: str  # current (2025) province name


BORDER_GATES: tuple[BorderGate, ...] = (
    # China
    BorderGate("mong_cai", "Cửa khẩu quốc tế Móng Cái", "CN", "Quảng Ninh"),
    BorderGate("bac_luan_2", "Cửa khẩu Bắc Luân II", "CN", "Quảng Ninh"),
    BorderGate("huu_nghi", "Cửa khẩu quốc tế Hữu Nghị", "CN", "Lạng Sơn"),
    BorderGate("dong_dang", "Ga đường sắt quốc tế Đồng Đăng", "CN", "Lạng Sơn"),
    BorderGate("tan_thanh", "Cửa khẩu Tân Thanh", "CN", "Lạng Sơn"),
    BorderGate("chi_ma", "Cửa khẩu Chi Ma", "CN", "Lạng Sơn"),
    BorderGate("ta_lung", "Cửa khẩu Tà Lùng", "CN", "Cao Bằng"),
    BorderGate("tra_linh", "Cửa khẩu Trà Lĩnh", "CN", "Cao Bằng"),
    BorderGate("thanh_thuy", "Cửa khẩu quốc tế Thanh Thủy", "CN", "Tuyên Quang"),
    BorderGate("lao_cai", "Cửa khẩu quốc tế Lào Cai", "CN", "Lào Cai"),
    BorderGate("ma_lu_thang", "Cửa khẩu Ma Lù Thàng", "CN", "Lai Châu"),
    BorderGate("a_pa_chai", "Cửa khẩu A Pa Chải", "CN", "Điện Biên"),
    # Laos
    BorderGate("tay_trang", "Cửa khẩu quốc tế Tây Trang", "LA", "Điện Biên"),
    BorderGate("na_meo", "Cửa khẩu quốc tế Na Mèo", "LA", "Thanh Hóa"),
    BorderGate("nam_can", "Cửa khẩu quốc tế Nậm Cắn", "LA", "Nghệ An"),
    BorderGate("thanh_thuy_na", "Cửa khẩu Thanh Thủy (Nghệ An)", "LA", "Nghệ An"),
    BorderGate("cau_treo", "Cửa khẩu quốc tế Cầu Treo", "LA", "Hà Tĩnh"),
    BorderGate("cha_lo", "Cửa khẩu quốc tế Cha Lo", "LA", "Quảng Trị"),
    BorderGate("lao_bao", "Cửa khẩu quốc tế Lao Bảo", "LA", "Quảng Trị"),
    BorderGate("la_lay", "Cửa khẩu quốc tế La Lay", "LA", "Quảng Trị"),
    BorderGate("nam_giang", "Cửa khẩu quốc tế Nam Giang", "LA", "Đà Nẵng"),
    BorderGate("bo_y", "Cửa khẩu quốc tế Bờ Y", "LA", "Quảng Ngãi"),
    # Cambodia
    BorderGate("le_thanh", "Cửa khẩu quốc tế Lệ Thanh", "KH", "Gia Lai"),
    BorderGate("hoa_lu", "Cửa khẩu quốc tế Hoa Lư", "KH", "Đồng Nai"),
    BorderGate("xa_mat", "Cửa khẩu quốc tế Xa Mát", "KH", "Tây Ninh"),
    BorderGate("moc_bai", "Cửa khẩu quốc tế Mộc Bài", "KH", "Tây Ninh"),
    BorderGate("binh_hiep", "Cửa khẩu quốc tế Bình Hiệp", "KH", "Tây Ninh"),
    BorderGate("dinh_ba", "Cửa khẩu quốc tế Dinh Bà", "KH", "Đồng Tháp"),
    BorderGate("thuong_phuoc", "Cửa khẩu quốc tế Thường Phước", "KH", "Đồng Tháp"),
    BorderGate("vinh_xuong", "Cửa khẩu quốc tế Vĩnh Xương", "KH", "An Giang"),
    BorderGate("tinh_bien", "Cửa khẩu quốc tế Tịnh Biên", "KH", "An Giang"),
    BorderGate("ha_tien", "Cửa khẩu quốc tế Hà Tiên", "KH", "An Giang"),
    BorderGate("other", "Cửa khẩu khác", "", ""),
)

BORDER_GATE_CHOICES: tuple[tuple[str, str], ...] = tuple((g.code, g.name) for g in BORDER_GATES)
_BY_CODE = {gate.code: gate for gate in BORDER_GATES}


def border_gate(code: str) -> BorderGate | None:
    return _BY_CODE.get(code)
