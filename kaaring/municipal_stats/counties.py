"""County names by county number (SSB classification 104), across the 2018, 2020 and 2024
reforms. County numbers have not been reused, so one table serves every era."""

COUNTY_NAMES: dict[str, str] = {
    "01": "Østfold",
    "02": "Akershus",
    "03": "Oslo",
    "04": "Hedmark",
    "05": "Oppland",
    "06": "Buskerud",
    "07": "Vestfold",
    "08": "Telemark",
    "09": "Aust-Agder",
    "10": "Vest-Agder",
    "11": "Rogaland",
    "12": "Hordaland",
    "14": "Sogn og Fjordane",
    "15": "Møre og Romsdal",
    "16": "Sør-Trøndelag",
    "17": "Nord-Trøndelag",
    "18": "Nordland",
    "19": "Troms Romsa",
    "20": "Finnmark Finnmárku",
    "30": "Viken",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "38": "Vestfold og Telemark",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag - Trööndelage",
    "54": "Troms og Finnmark - Romsa ja Finnmárku - Tromssa ja Finmarkku",
    "55": "Troms - Romsa - Tromssa",
    "56": "Finnmark - Finnmárku - Ruija",
}


def county_name(number: str) -> str:
    return COUNTY_NAMES.get(number, number)
