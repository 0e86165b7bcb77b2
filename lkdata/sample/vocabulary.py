"""What the invented ward is made of: name parts, organisations, crops and their weights, activity kinds.

Everything here is synthetic: people's names are random combinations of common name parts, and the
organisations are invented (enterprises say "(mẫu)").
"""

from __future__ import annotations

__all__ = [
    "ACTIVITY_TITLES",
    "ACTIVITY_WEIGHTS",
    "COOP_KINDS_HTX",
    "COOP_KINDS_THT",
    "COOP_WORDS",
    "CROP_WEIGHTS",
    "ENTERPRISES",
    "FAMILY",
    "GAP_CODES",
    "GAP_WEIGHTS",
    "GAP_YEARS",
    "GIVEN_F",
    "GIVEN_M",
    "MIDDLE_F",
    "MIDDLE_M",
    "ORGANISERS",
    "PRODUCER_TYPES",
    "SUPPORT_ITEMS",
    "VARIETIES",
]

FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 4
    + ["Lê"] * 3
    + ["Phạm"] * 3
    + [
        "Hoàng",
        "Huỳnh",
        "Võ",
        "Phan",
        "Vũ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
        "Đinh",
        "Lâm",
        "Mai",
        "Tô",
        "Châu",
        "Thái",
        "Quách",
    ]
)
MIDDLE_M = ["Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công", "Ngọc", "Xuân", "Tấn", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Hồng", "Bích", "Diệu"]
GIVEN_M = [
    "Ba",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khoa",
    "Lâm",
    "Long",
    "Nam",
    "Phúc",
    "Phước",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Vinh",
    "Hòa",
    "Khuê",
    "Lộc",
    "Nghĩa",
    "Ẩn",
    "Út",
    "Đạt",
    "Hiếu",
    "Lực",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Bảy",
    "Cúc",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hòa",
    "Hương",
    "Lan",
    "Liên",
    "Loan",
    "Mai",
    "Nga",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Thủy",
    "Thúy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Hằng",
    "Ngọc",
    "Quyên",
]
COOP_WORDS = [
    "Ánh Dương",
    "Hương Quê",
    "Vườn Xanh",
    "Đất Lành",
    "Mùa Vàng",
    "Trái Ngọt",
    "Nắng Sớm",
    "Sương Mai",
    "Đồng Thuận",
    "Hợp Lực",
    "Tân Tiến",
    "Phúc Lộc",
    "Thịnh Vượng",
    "Bình Minh",
    "Kết Đoàn",
    "Hòa Thuận",
    "Gió Nam",
    "Sao Mai",
    "An Khang",
    "Lộc Xanh",
]
COOP_KINDS_HTX = ["HTX Nông nghiệp", "HTX Dịch vụ nông nghiệp", "HTX Cây ăn trái", "HTX Nông nghiệp sạch"]
COOP_KINDS_THT = ["THT Sản xuất", "THT Trồng cây ăn trái", "THT Rau an toàn"]
ENTERPRISES = [
    "Công ty TNHH Nông sản Sao Việt (mẫu)",
    "Công ty CP Trái cây Phương Nam Xanh (mẫu)",
    "Công ty TNHH Xuất nhập khẩu Vườn Việt (mẫu)",
    "Công ty CP Thực phẩm Mùa Ngọt (mẫu)",
    "Công ty TNHH Chế biến Nông sản Đồng Xanh (mẫu)",
    "Hợp tác xã Thương mại Nông Gia (mẫu)",
]
PRODUCER_TYPES = ["Hộ gia đình", "Hộ gia đình", "Hộ gia đình", "Cơ sở sản xuất", "Trang trại"]
VARIETIES = {
    "sầu riêng": ["Ri6", "Monthong", "Musang King"],
    "chôm chôm": ["Thái", "nhãn", "Java"],
    "bơ": ["034", "Booth", "sáp"],
    "mít": ["Thái", "ruột đỏ"],
    "xoài": ["cát Hòa Lộc", "Đài Loan"],
    "bưởi": ["da xanh"],
}
CROP_WEIGHTS = {
    "chôm chôm": 14,
    "sầu riêng": 16,
    "bơ": 8,
    "măng cụt": 6,
    "mít": 6,
    "xoài": 6,
    "bưởi": 4,
    "chuối": 3,
    "hồ tiêu": 8,
    "cà phê": 4,
    "điều": 4,
    "cao su": 5,
    "lúa": 2,
    "rau màu": 6,
    "ngô": 2,
    "khoai mì": 3,
}
GAP_CODES = ["NONE", "VIETGAP", "GLOBALGAP", "HUUCO"]
GAP_WEIGHTS = [0.58, 0.27, 0.08, 0.07]
GAP_YEARS = {"VIETGAP": 3, "GLOBALGAP": 1, "HUUCO": 2}
SUPPORT_ITEMS = [
    "tư vấn xây dựng liên kết",
    "hạ tầng phục vụ liên kết",
    "giống, vật tư, bao bì",
    "đào tạo, tập huấn",
    "máy móc, thiết bị sơ chế",
]
ACTIVITY_TITLES = {
    "training": "Lớp tập huấn về liên kết sản xuất và tiêu thụ {crop}",
    "communication": "Hội nghị tuyên truyền chính sách hỗ trợ liên kết (NQ 143/2018/NQ-HĐND)",
    "broadcast": "Phát thanh về mô hình liên kết trên hệ thống truyền thanh {kind}",
    "news": "Tin bài giới thiệu mô hình liên kết {crop} trên trang thông tin điện tử {kind}",
    "linkage_support": "Hướng dẫn xây dựng hồ sơ dự án liên kết {crop}",
    "coop_training": "Bồi dưỡng kỹ năng quản lý cho cán bộ HTX, THT",
    "technical_transfer": "Hội thảo chuyển giao kỹ thuật canh tác {crop} theo VietGAP",
    "matching": "Hội nghị kết nối cung cầu nông sản",
    "fair": "Tham gia hội chợ triển lãm nông sản của tỉnh",
    "ecommerce_onboarding": "Hỗ trợ đưa sản phẩm {crop} lên sàn thương mại điện tử",
    "policy_dissemination": "Phổ biến các văn bản về chính sách hỗ trợ liên kết",
    "inspection": "Kiểm tra, giám sát thực hiện liên kết {crop}",
    "review": "Sơ kết mô hình liên kết sản xuất và tiêu thụ {crop}",
    "replication": "Nhân rộng mô hình liên kết {crop}",
}
ACTIVITY_WEIGHTS = {
    "training": 12,
    "communication": 10,
    "broadcast": 12,
    "news": 10,
    "linkage_support": 6,
    "coop_training": 5,
    "technical_transfer": 8,
    "matching": 6,
    "fair": 5,
    "ecommerce_onboarding": 6,
    "policy_dissemination": 5,
    "inspection": 6,
    "review": 4,
    "replication": 3,
}
#: The organisers of activities; ``{office}`` is the profile's office, ``{kind}`` its kind (``phường``, ``xã``).
ORGANISERS = [
    "{office}",
    "Trung tâm Dịch vụ nông nghiệp khu vực 3",
    "Trung tâm Dịch vụ tổng hợp {kind}",
    "Hội Nông dân {kind}",
    "Sở Nông nghiệp và Môi trường",
]
