namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Strict parsing of the two X.509 time forms into seconds since 1970-01-01T00:00:00Z,
    /// computed by hand (no DateTime: nanoFramework's clock may be unset, and this is pure
    /// arithmetic on the certificate's bytes).
    /// </summary>
    /// <remarks>
    /// Implementation notes.
    /// RFC 5280 §4.1.2.5.1: UTCTime is exactly <c>YYMMDDHHMMSSZ</c> (13 octets); YY ≥ 50 means
    /// 19YY, YY &lt; 50 means 20YY. RFC 5280 §4.1.2.5.2: GeneralizedTime is exactly
    /// <c>YYYYMMDDHHMMSSZ</c> (15 octets), no fractional seconds. Seconds must be 00..59 (no leap
    /// second), the day must exist in its month (Gregorian leap years). The rule that dates
    /// before 2050 MUST be UTCTime is a CA obligation and is not enforced here (deployed
    /// certificates break it; both forms give the same instant).
    /// Day count: the proleptic Gregorian calendar is counted in 400-year eras of 146097 days,
    /// with years starting on 1 March so that the leap day is the last day of the year; the
    /// largest value (9999-12-31T23:59:59Z) is about 2.5e11 seconds, well inside a long.
    /// </remarks>
    public static class DerTime
    {
        /// <summary>Seconds from 0000-03-01 to 1970-01-01: 719468 days.</summary>
        private const long EpochDays = 719468;

        /// <summary>Parses a UTCTime content (13 octets, RFC 5280 §4.1.2.5.1).</summary>
        public static bool TryParseUtcTime(byte[] buffer, int offset, int length, out long seconds)
        {
            seconds = 0;
            if (length != 13 || buffer[offset + 12] != (byte)'Z')
            {
                return false;
            }
            int yy = TwoDigits(buffer, offset);
            if (yy < 0)
            {
                return false;
            }
            int year = yy >= 50 ? 1900 + yy : 2000 + yy;
            return TryFields(buffer, offset + 2, year, out seconds);
        }

        /// <summary>Parses a GeneralizedTime content (15 octets, RFC 5280 §4.1.2.5.2).</summary>
        public static bool TryParseGeneralizedTime(byte[] buffer, int offset, int length, out long seconds)
        {
            seconds = 0;
            if (length != 15 || buffer[offset + 14] != (byte)'Z')
            {
                return false;
            }
            int hi = TwoDigits(buffer, offset);
            int lo = TwoDigits(buffer, offset + 2);
            if (hi < 0 || lo < 0)
            {
                return false;
            }
            return TryFields(buffer, offset + 4, hi * 100 + lo, out seconds);
        }

        /// <summary>Days since 1970-01-01 of a valid proleptic Gregorian date (year 0..9999).</summary>
        public static long DaysFromCivil(int year, int month, int day)
        {
            // Shift the year to start in March: January and February belong to the previous one.
            long y = month <= 2 ? year - 1 : year;
            long era = (y >= 0 ? y : y - 399) / 400;
            long yearOfEra = y - era * 400;                                  // 0..399
            int shiftedMonth = month > 2 ? month - 3 : month + 9;            // March = 0
            long dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;         // 0..365
            long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * 146097 + dayOfEra - EpochDays;
        }

        /// <summary>True for Gregorian leap years.</summary>
        public static bool IsLeapYear(int year)
        {
            return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        }

        /// <summary>Days in <paramref name="month"/> (1..12) of <paramref name="year"/>.</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                return IsLeapYear(year) ? 29 : 28;
            }
            if (month == 4 || month == 6 || month == 9 || month == 11)
            {
                return 30;
            }
            return 31;
        }

        // MMDDHHMMSS at offset, with the year already decoded.
        private static bool TryFields(byte[] b, int o, int year, out long seconds)
        {
            seconds = 0;
            int month = TwoDigits(b, o);
            int day = TwoDigits(b, o + 2);
            int hour = TwoDigits(b, o + 4);
            int minute = TwoDigits(b, o + 6);
            int second = TwoDigits(b, o + 8);
            if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            {
                return false;
            }
            seconds = DaysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second;
            return true;
        }

        // Two ASCII digits as 0..99, or −1.
        private static int TwoDigits(byte[] b, int o)
        {
            int d1 = b[o] - '0';
            int d2 = b[o + 1] - '0';
            if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9)
            {
                return -1;
            }
            return d1 * 10 + d2;
        }
    }
}
