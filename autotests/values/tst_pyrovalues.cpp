// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrovalues.h"
#include "pyrovalues_p.h"

#include <QtCore/QHash>
#include <QtCore/QMetaType>
#include <QtTest/QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

enum class Flag { Red, Green };

QVariant none() { return PyroValues::none(); }
QVariant ll(qlonglong v) { return QVariant(v); }
QVariant big(const char16_t *digits) { return QVariant::fromValue(PyroBigInt::fromString(digits)); }
QVariant tuple(std::initializer_list<QVariant> items) { return QVariant::fromValue(PyroTuple(items)); }
QVariant set(std::initializer_list<QVariant> items) { return QVariant::fromValue(PyroSet(items)); }
QVariant frozenset(std::initializer_list<QVariant> items)
{
    return QVariant::fromValue(PyroSet(QVariantList(items), PyroSet::Kind::FrozenSet));
}
QVariant dict(std::initializer_list<PyroDict::Entry> entries) { return QVariant::fromValue(PyroDict(entries)); }
QVariant complex(double re, double im) { return QVariant::fromValue(PyroComplex(re, im)); }

double fromBits(quint64 bits)
{
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text;
}

const double inf = std::numeric_limits<double>::infinity();
const double qNaN = std::numeric_limits<double>::quiet_NaN();


// Python's repr() of doubles, generated with CPython 3.11: struct.pack('>d', x) -> repr(x).
struct FloatCase
{
    const char *tag;
    quint64 bits;
    const char *repr;
};

const FloatCase floatCases[] = {
        {"zero", 0x0000000000000000ULL, "0.0"},
        {"negative zero", 0x8000000000000000ULL, "-0.0"},
        {"one", 0x3ff0000000000000ULL, "1.0"},
        {"minus one", 0xbff0000000000000ULL, "-1.0"},
        {"0.1", 0x3fb999999999999aULL, "0.1"},
        {"0.2", 0x3fc999999999999aULL, "0.2"},
        {"0.3", 0x3fd3333333333333ULL, "0.3"},
        {"0.1+0.2", 0x3fd3333333333334ULL, "0.30000000000000004"},
        {"1/3", 0x3fd5555555555555ULL, "0.3333333333333333"},
        {"2/3", 0x3fe5555555555555ULL, "0.6666666666666666"},
        {"0.5", 0x3fe0000000000000ULL, "0.5"},
        {"1.5", 0x3ff8000000000000ULL, "1.5"},
        {"100", 0x4059000000000000ULL, "100.0"},
        {"123.456", 0x405edd2f1a9fbe77ULL, "123.456"},
        {"pi", 0x400921fb54442d18ULL, "3.141592653589793"},
        {"e", 0x4005bf0a8b145769ULL, "2.718281828459045"},
        {"1e-5", 0x3ee4f8b588e368f1ULL, "1e-05"},
        {"1e-4", 0x3f1a36e2eb1c432dULL, "0.0001"},
        {"0.00011", 0x3f1cd5f99c38b04bULL, "0.00011"},
        {"0.0001234", 0x3f202c9dedbc309dULL, "0.0001234"},
        {"9.999e-5", 0x3f1a36371ea531a8ULL, "9.999e-05"},
        {"1e15", 0x430c6bf526340000ULL, "1000000000000000.0"},
        {"1e16", 0x4341c37937e08000ULL, "1e+16"},
        {"1e17", 0x4376345785d8a000ULL, "1e+17"},
        {"1e22", 0x4480f0cf064dd592ULL, "1e+22"},
        {"1e23", 0x44b52d02c7e14af6ULL, "1e+23"},
        {"9999999999999998", 0x4341c37937e07fffULL, "9999999999999998.0"},
        {"1e16-2", 0x4341c37937e07fffULL, "9999999999999998.0"},
        {"123456789012345678", 0x437b69b4ba630f35ULL, "1.2345678901234568e+17"},
        {"999999999999999.9", 0x430c6bf52633ffffULL, "999999999999999.9"},
        {"1234567890123456.7", 0x43118b54f22aeb03ULL, "1234567890123456.8"},
        {"2**53", 0x4340000000000000ULL, "9007199254740992.0"},
        {"2**53+2", 0x4340000000000001ULL, "9007199254740994.0"},
        {"2**63", 0x43e0000000000000ULL, "9.223372036854776e+18"},
        {"2**64", 0x43f0000000000000ULL, "1.8446744073709552e+19"},
        {"-2**63", 0xc3e0000000000000ULL, "-9.223372036854776e+18"},
        {"max", 0x7fefffffffffffffULL, "1.7976931348623157e+308"},
        {"-max", 0xffefffffffffffffULL, "-1.7976931348623157e+308"},
        {"min normal", 0x0010000000000000ULL, "2.2250738585072014e-308"},
        {"-min normal", 0x8010000000000000ULL, "-2.2250738585072014e-308"},
        {"min subnormal", 0x0000000000000001ULL, "5e-324"},
        {"-min subnormal", 0x8000000000000001ULL, "-5e-324"},
        {"subnormal 1e-310", 0x000012688b70e62bULL, "1e-310"},
        {"subnormal 2.2e-308", 0x000fffffffffffffULL, "2.225073858507201e-308"},
        {"largest subnormal", 0x000fffffffffffffULL, "2.225073858507201e-308"},
        {"subnormal 3 ulp", 0x0000000000000003ULL, "1.5e-323"},
        {"epsilon", 0x3cb0000000000000ULL, "2.220446049250313e-16"},
        {"1+epsilon", 0x3ff0000000000001ULL, "1.0000000000000002"},
        {"1-epsilon/2", 0x3fefffffffffffffULL, "0.9999999999999999"},
        {"inf", 0x7ff0000000000000ULL, "inf"},
        {"-inf", 0xfff0000000000000ULL, "-inf"},
        {"1e100", 0x54b249ad2594c37dULL, "1e+100"},
        {"1e-100", 0x2b2bff2ee48e0530ULL, "1e-100"},
        {"1e308", 0x7fe1ccf385ebc8a0ULL, "1e+308"},
        {"1e-308", 0x000730d67819e8d2ULL, "1e-308"},
        {"1.7976931348623157e308", 0x7fefffffffffffffULL, "1.7976931348623157e+308"},
        {"5e-324*3", 0x0000000000000003ULL, "1.5e-323"},
        {"0.1*3", 0x3fd3333333333334ULL, "0.30000000000000004"},
        {"1.1*1.1", 0x3ff35c28f5c28f5dULL, "1.2100000000000002"},
        {"100/3", 0x4040aaaaaaaaaaabULL, "33.333333333333336"},
        {"-100/7", 0xc02c924924924925ULL, "-14.285714285714286"},
        {"12345.678e10", 0x42dc12216116c000ULL, "123456780000000.0"},
        {"0.000001", 0x3eb0c6f7a0b5ed8dULL, "1e-06"},
        {"0.00001", 0x3ee4f8b588e368f1ULL, "1e-05"},
        {"2.5e-5", 0x3efa36e2eb1c432dULL, "2.5e-05"},
        {"1e-7", 0x3e7ad7f29abcaf48ULL, "1e-07"},
        {"4.35", 0x4011666666666666ULL, "4.35"},
        {"0.07", 0x3fb1eb851eb851ecULL, "0.07"},
        {"1.005", 0x3ff0147ae147ae14ULL, "1.005"},
        {"10^-25", 0x3abef2d0f5da7dd9ULL, "1e-25"},
        {"1.5*10^-25", 0x3ac7361cb863de62ULL, "1.5e-25"},
        {"10^-24", 0x3af357c299a88ea7ULL, "1e-24"},
        {"1.5*10^-24", 0x3afd03a3e67cd5fbULL, "1.5e-24"},
        {"10^-23", 0x3b282db34012b251ULL, "1e-23"},
        {"1.5*10^-23", 0x3b322246700e05bdULL, "1.5e-23"},
        {"10^-22", 0x3b5e392010175ee6ULL, "1e-22"},
        {"1.5*10^-22", 0x3b66aad80c11872cULL, "1.5e-22"},
        {"10^-21", 0x3b92e3b40a0e9b4fULL, "1e-21"},
        {"1.5*10^-21", 0x3b9c558e0f15e8f7ULL, "1.5e-21"},
        {"10^-20", 0x3bc79ca10c924223ULL, "1e-20"},
        {"1.5*10^-20", 0x3bd1b578c96db19bULL, "1.5e-20"},
        {"10^-19", 0x3bfd83c94fb6d2acULL, "1e-19"},
        {"1.5*10^-19", 0x3c0622d6fbc91e01ULL, "1.5e-19"},
        {"10^-18", 0x3c32725dd1d243acULL, "1e-18"},
        {"1.5*10^-18", 0x3c3bab8cbabb6581ULL, "1.5e-18"},
        {"10^-17", 0x3c670ef54646d497ULL, "1e-17"},
        {"1.5*10^-17", 0x3c714b37f4b51f71ULL, "1.5e-17"},
        {"10^-16", 0x3c9cd2b297d889bcULL, "1e-16"},
        {"1.5*10^-16", 0x3ca59e05f1e2674dULL, "1.5e-16"},
        {"10^-15", 0x3cd203af9ee75616ULL, "1e-15"},
        {"1.5*10^-15", 0x3cdb05876e5b0120ULL, "1.5e-15"},
        {"10^-14", 0x3d06849b86a12b9bULL, "1e-14"},
        {"1.5*10^-14", 0x3d10e374a4f8e0b4ULL, "1.5e-14"},
        {"10^-13", 0x3d3c25c268497682ULL, "1e-13"},
        {"1.5*10^-13", 0x3d451c51ce3718e1ULL, "1.5e-13"},
        {"10^-12", 0x3d719799812dea11ULL, "1e-12"},
        {"1.5*10^-12", 0x3d7a636641c4df1aULL, "1.5e-12"},
        {"10^-11", 0x3da5fd7fe1796495ULL, "1e-11"},
        {"1.5*10^-11", 0x3db07e1fe91b0b70ULL, "1.5e-11"},
        {"10^-10", 0x3ddb7cdfd9d7bdbbULL, "1e-10"},
        {"1.5*10^-10", 0x3de49da7e361ce4cULL, "1.5e-10"},
        {"10^-9", 0x3e112e0be826d695ULL, "1e-09"},
        {"1.5*10^-9", 0x3e19c511dc3a41dfULL, "1.5e-09"},
        {"10^-8", 0x3e45798ee2308c3aULL, "1e-08"},
        {"1.5*10^-8", 0x3e501b2b29a4692bULL, "1.5e-08"},
        {"10^-7", 0x3e7ad7f29abcaf48ULL, "1e-07"},
        {"1.5*10^-7", 0x3e8421f5f40d8376ULL, "1.5e-07"},
        {"10^-6", 0x3eb0c6f7a0b5ed8dULL, "1e-06"},
        {"1.5*10^-6", 0x3eb92a737110e454ULL, "1.5e-06"},
        {"10^-5", 0x3ee4f8b588e368f1ULL, "1e-05"},
        {"1.5*10^-5", 0x3eef75104d551d69ULL, "1.5e-05"},
        {"10^-4", 0x3f1a36e2eb1c432dULL, "0.0001"},
        {"1.5*10^-4", 0x3f23a92a30553261ULL, "0.00015"},
        {"10^-3", 0x3f50624dd2f1a9fcULL, "0.001"},
        {"1.5*10^-3", 0x3f589374bc6a7efaULL, "0.0015"},
        {"10^-2", 0x3f847ae147ae147bULL, "0.01"},
        {"1.5*10^-2", 0x3f8eb851eb851eb8ULL, "0.015"},
        {"10^-1", 0x3fb999999999999aULL, "0.1"},
        {"1.5*10^-1", 0x3fc3333333333333ULL, "0.15"},
        {"10^0", 0x3ff0000000000000ULL, "1.0"},
        {"1.5*10^0", 0x3ff8000000000000ULL, "1.5"},
        {"10^1", 0x4024000000000000ULL, "10.0"},
        {"1.5*10^1", 0x402e000000000000ULL, "15.0"},
        {"10^2", 0x4059000000000000ULL, "100.0"},
        {"1.5*10^2", 0x4062c00000000000ULL, "150.0"},
        {"10^3", 0x408f400000000000ULL, "1000.0"},
        {"1.5*10^3", 0x4097700000000000ULL, "1500.0"},
        {"10^4", 0x40c3880000000000ULL, "10000.0"},
        {"1.5*10^4", 0x40cd4c0000000000ULL, "15000.0"},
        {"10^5", 0x40f86a0000000000ULL, "100000.0"},
        {"1.5*10^5", 0x41024f8000000000ULL, "150000.0"},
        {"10^6", 0x412e848000000000ULL, "1000000.0"},
        {"1.5*10^6", 0x4136e36000000000ULL, "1500000.0"},
        {"10^7", 0x416312d000000000ULL, "10000000.0"},
        {"1.5*10^7", 0x416c9c3800000000ULL, "15000000.0"},
        {"10^8", 0x4197d78400000000ULL, "100000000.0"},
        {"1.5*10^8", 0x41a1e1a300000000ULL, "150000000.0"},
        {"10^9", 0x41cdcd6500000000ULL, "1000000000.0"},
        {"1.5*10^9", 0x41d65a0bc0000000ULL, "1500000000.0"},
        {"10^10", 0x4202a05f20000000ULL, "10000000000.0"},
        {"1.5*10^10", 0x420bf08eb0000000ULL, "15000000000.0"},
        {"10^11", 0x42374876e8000000ULL, "100000000000.0"},
        {"1.5*10^11", 0x424176592e000000ULL, "150000000000.0"},
        {"10^12", 0x426d1a94a2000000ULL, "1000000000000.0"},
        {"1.5*10^12", 0x4275d3ef79800000ULL, "1500000000000.0"},
        {"10^13", 0x42a2309ce5400000ULL, "10000000000000.0"},
        {"1.5*10^13", 0x42ab48eb57e00000ULL, "15000000000000.0"},
        {"10^14", 0x42d6bcc41e900000ULL, "100000000000000.0"},
        {"1.5*10^14", 0x42e10d9316ec0000ULL, "150000000000000.0"},
        {"10^15", 0x430c6bf526340000ULL, "1000000000000000.0"},
        {"1.5*10^15", 0x431550f7dca70000ULL, "1500000000000000.0"},
        {"10^16", 0x4341c37937e08000ULL, "1e+16"},
        {"1.5*10^16", 0x434aa535d3d0c000ULL, "1.5e+16"},
        {"10^17", 0x4376345785d8a000ULL, "1e+17"},
        {"1.5*10^17", 0x4380a741a4627800ULL, "1.5e+17"},
        {"10^18", 0x43abc16d674ec800ULL, "1e+18"},
        {"1.5*10^18", 0x43b4d1120d7b1600ULL, "1.5e+18"},
        {"10^19", 0x43e158e460913d00ULL, "1e+19"},
        {"1.5*10^19", 0x43ea055690d9db80ULL, "1.5e+19"},
        {"10^20", 0x4415af1d78b58c40ULL, "1e+20"},
        {"1.5*10^20", 0x442043561a882930ULL, "1.5e+20"},
        {"10^21", 0x444b1ae4d6e2ef50ULL, "1e+21"},
        {"1.5*10^21", 0x4454542ba12a337cULL, "1.5e+21"},
        {"10^22", 0x4480f0cf064dd592ULL, "1e+22"},
        {"1.5*10^22", 0x448969368974c05bULL, "1.5e+22"},
        {"10^23", 0x44b52d02c7e14af6ULL, "1e+23"},
        {"1.5*10^23", 0x44bfc3842bd1f072ULL, "1.5e+23"},
        {"10^24", 0x44ea784379d99db4ULL, "1e+24"},
        {"1.5*10^24", 0x44f3da329b633647ULL, "1.5e+24"},
        {"10^25", 0x45208b2a2c280291ULL, "1e+25"},
        {"1.5*10^25", 0x4528d0bf423c03d9ULL, "1.5e+25"},
        {"2^1", 0x4000000000000000ULL, "2.0"},
        {"2^-1", 0x3fe0000000000000ULL, "0.5"},
        {"2^2", 0x4010000000000000ULL, "4.0"},
        {"2^-2", 0x3fd0000000000000ULL, "0.25"},
        {"2^3", 0x4020000000000000ULL, "8.0"},
        {"2^-3", 0x3fc0000000000000ULL, "0.125"},
        {"2^10", 0x4090000000000000ULL, "1024.0"},
        {"2^-10", 0x3f50000000000000ULL, "0.0009765625"},
        {"2^52", 0x4330000000000000ULL, "4503599627370496.0"},
        {"2^-52", 0x3cb0000000000000ULL, "2.220446049250313e-16"},
        {"2^53", 0x4340000000000000ULL, "9007199254740992.0"},
        {"2^-53", 0x3ca0000000000000ULL, "1.1102230246251565e-16"},
        {"2^54", 0x4350000000000000ULL, "1.8014398509481984e+16"},
        {"2^-54", 0x3c90000000000000ULL, "5.551115123125783e-17"},
        {"2^60", 0x43b0000000000000ULL, "1.152921504606847e+18"},
        {"2^-60", 0x3c30000000000000ULL, "8.673617379884035e-19"},
        {"2^100", 0x4630000000000000ULL, "1.2676506002282294e+30"},
        {"2^-100", 0x39b0000000000000ULL, "7.888609052210118e-31"},
        {"2^500", 0x5f30000000000000ULL, "3.273390607896142e+150"},
        {"2^-500", 0x20b0000000000000ULL, "3.054936363499605e-151"},
        {"2^1000", 0x7e70000000000000ULL, "1.0715086071862673e+301"},
        {"2^-1000", 0x0170000000000000ULL, "9.332636185032189e-302"},
        {"2^1023", 0x7fe0000000000000ULL, "8.98846567431158e+307"},
        {"2^-1023", 0x0008000000000000ULL, "1.1125369292536007e-308"},
        {"random bits 0", 0x5d0c25e68168bf80ULL, "1.6760087881445648e+140"},
        {"random bits 1", 0xa154d3d22b214c40ULL, "-4.072093441698575e-148"},
        {"random bits 2", 0xbaec2f8b5a133a94ULL, "-7.285837878053069e-25"},
        {"random bits 3", 0xbc13c13acea2b63dULL, "-2.6772751192934724e-19"},
        {"random bits 4", 0xf7a33ae4b2a02b0cULL, "-1.9842053485809616e+268"},
        {"random bits 5", 0xf57a09cb2b73f4e5ULL, "-7.819305916874804e+257"},
        {"random bits 6", 0x6d3f351ce2e9a20cULL, "1.7212956367909494e+218"},
        {"random bits 7", 0xb5de0190dc761d57ULL, "-3.2079715874184325e-49"},
        {"random bits 8", 0xdbe324da0a7b298dULL, "-4.348301774770722e+134"},
        {"random bits 9", 0xd78c7413a4fefb2eULL, "-5.474228605312933e+113"},
        {"random bits 10", 0x81973d7e61072ddcULL, "-5.422310536023521e-301"},
        {"random bits 11", 0x3f3e381013e428a5ULL, "0.00046110527536370245"},
        {"random bits 12", 0x3271733951ac3d13ULL, "1.0356158984731098e-65"},
        {"random bits 13", 0xc4494e09a521fb27ULL, "-9.335836180357074e+20"},
        {"random bits 14", 0xa96fc5491bb8487aULL, "-4.2274418168508663e-109"},
        {"random bits 15", 0xc4926460525a1313ULL, "-2.1713552952009568e+22"},
        {"random bits 16", 0x89c72ed5b0293885ULL, "-1.4724563864967896e-261"},
        {"random bits 17", 0xb79601c63bda8d3dULL, "-6.315679476897544e-41"},
        {"random bits 18", 0x3f032918dfdfcc28ULL, "3.65458217713932e-05"},
        {"random bits 19", 0x1072b23992a21e6dULL, "1.926799161565419e-229"},
        {"random bits 20", 0xf7061497a18ab165ULL, "-2.2249174143493996e+265"},
        {"random bits 21", 0xdd6b385409aaa642ULL, "-1.0372814504053447e+142"},
        {"random bits 22", 0x173a5edb11c05af4ULL, "8.81945414775282e-197"},
        {"random bits 23", 0xb2097d739ce321c9ULL, "-1.1818479129730816e-67"},
        {"random bits 24", 0x32786f3b2c72b62eULL, "1.4501213652704835e-65"},
        {"random bits 25", 0x0808f6438634fd9eULL, "5.9062621244079395e-270"},
        {"random bits 26", 0xf38211a8e588dc68ULL, "-2.5267376939605723e+248"},
        {"random bits 27", 0x0cdd478797707779ULL, "1.0469017495736376e-246"},
        {"random bits 28", 0xf8d4dcad719714e2ULL, "-1.1285802893874736e+274"},
        {"random bits 29", 0x3d5b217319ebd24cULL, "3.8554990390714426e-13"},
        {"random bits 30", 0x81d07f2c202653aaULL, "-6.15833300539164e-300"},
        {"random bits 31", 0x040af59e3f70ec8bULL, "3.4580011850464354e-289"},
        {"random bits 32", 0xf95db163f46f7b30ULL, "-4.112151555061974e+276"},
        {"random bits 33", 0xfc4e45d2c0f8d60dULL, "-5.900348529101848e+290"},
        {"random bits 34", 0xe9d9aedd2b71c89bULL, "-7.863645323703112e+201"},
        {"random bits 35", 0xdb1f5a770c4070cfULL, "-8.693256383411129e+130"},
        {"random bits 36", 0xcdbe9f61f8ce6827ULL, "-3.224934990982838e+66"},
        {"random bits 37", 0x26d31cabf74f5b10ULL, "1.1564526996846512e-121"},
        {"random bits 38", 0xcd70b06d882ad1dfULL, "-1.0984842988760293e+65"},
        {"random bits 39", 0xed84506145d91fa7ULL, "-3.585435945227116e+219"},
        {"random bits 40", 0x95bc67c4890ad560ULL, "-5.662431755114414e-204"},
        {"random bits 41", 0x18e16abbe5454939ULL, "7.818155835139343e-189"},
        {"random bits 42", 0x62f662eb40452743ULL, "5.280340032925543e+168"},
        {"random bits 43", 0x9ffa4efec8acc9b6ULL, "-1.2263644871633106e-154"},
        {"random bits 44", 0xd552e5847ee4939cULL, "-1.0580863791954472e+103"},
        {"random bits 45", 0x1c1605d58c403351ULL, "2.2260496081860806e-173"},
        {"random bits 46", 0x36d21d53f0143c5aULL, "1.2691953983806775e-44"},
        {"random bits 47", 0x357c71c302e90daeULL, "4.751571256803992e-51"},
        {"random bits 48", 0x5e5649ab4cbbd4a9ULL, "2.7830725570580153e+146"},
        {"random bits 49", 0xf7235f671993cc3fULL, "-7.80828399088047e+265"},
        {"random bits 50", 0xa7ee1e6d2bf28367ULL, "-2.3887468109926564e-116"},
        {"random bits 51", 0xe8a01bf2ddcd8d71ULL, "-9.407635519964324e+195"},
        {"random bits 52", 0x65775c57084f5179ULL, "6.058475052487897e+180"},
        {"random bits 53", 0xccf1bc45f46d4b2fULL, "-4.559961146429003e+62"},
        {"random bits 54", 0x32d62d235b34f11eULL, "8.423070239041233e-64"},
        {"random bits 55", 0x6fc750829b2cb266ULL, "2.8278259396240685e+230"},
        {"random bits 56", 0x16e9ca887df98ce3ULL, "2.6955257978320983e-198"},
        {"random bits 57", 0x4ffb5b3e1be29d51ULL, "1.979785384752061e+77"},
        {"random bits 58", 0x172d541a3f5a5dfcULL, "4.9043683161712597e-197"},
        {"random bits 59", 0x1b97007e32cbf16dULL, "9.082109546289412e-176"},
        {"random uniform 0", 0xc114a4232b039498ULL, "-338184.7920058458"},
        {"random uniform 1", 0xc12e0f1c8c885964ULL, "-984974.2744777617"},
        {"random uniform 2", 0x4102955eeee9d510ULL, "152235.86665693717"},
        {"random uniform 3", 0xc11f6147280e9dcaULL, "-514129.789118257"},
        {"random uniform 4", 0x4116406e56709784ULL, "364571.58441387885"},
        {"random uniform 5", 0x40f71f7dafdaeb50ULL, "94711.85543338698"},
        {"random uniform 6", 0x4124cd1046ca59b0ULL, "681608.1382625606"},
        {"random uniform 7", 0x412bfb6f89576266ULL, "916919.7682448148"},
        {"random uniform 8", 0xc11612c82d83c014ULL, "-361650.0444479"},
        {"random uniform 9", 0x4110734a86741564ULL, "269522.6313021986"},
        {"random uniform 10", 0x41213728df0fd2c4ULL, "564116.4356675972"},
        {"random uniform 11", 0xc11808312e0c24b8ULL, "-393740.2949681985"},
        {"random uniform 12", 0x4107da1a7cbed998ULL, "195395.31091089244"},
        {"random uniform 13", 0x411cb9bbd70c1aacULL, "470638.9600071113"},
        {"random uniform 14", 0x41260c457d197086ULL, "722466.7443347133"},
        {"random uniform 15", 0x4120303e60c84e70ULL, "530463.1890282165"},
        {"random uniform 16", 0xc0a846f6c05b1c00ULL, "-3107.481936309021"},
        {"random uniform 17", 0xc0a1c4d9e8b74f00ULL, "-2274.425603607553"},
        {"random uniform 18", 0xc10d1e9661371e04ULL, "-238546.79746840906"},
        {"random uniform 19", 0x41114a0b4a3eb0d8ULL, "283266.8225047714"},
        {"random uniform 20", 0x412d5852d2ad607aULL, "961577.4114790105"},
        {"random uniform 21", 0xc12d3fdf898efc54ULL, "-958447.768669019"},
        {"random uniform 22", 0x4116703904ef59a8ULL, "367630.2548192986"},
        {"random uniform 23", 0x411b6c7e0f319ac0ULL, "449311.5148376636"},
        {"random uniform 24", 0xc1026cae2b080288ULL, "-150933.7710113714"},
        {"random uniform 25", 0xc12d65b1f8e0df8eULL, "-963288.9860906468"},
        {"random uniform 26", 0xc11c317a2296ff72ULL, "-461918.533779136"},
        {"random uniform 27", 0x412953b32d97fc1aULL, "829913.5890501768"},
        {"random uniform 28", 0x411fb1fc7b499098ULL, "519295.120397815"},
        {"random uniform 29", 0x4115bc7b92b4f2bcULL, "356126.89326838753"},
        {"random rounded 0", 0x408d5a136f7e3d1dULL, "939.25949"},
        {"random rounded 1", 0x402a48b439581062ULL, "13.142"},
        {"random rounded 2", 0x40627eb851eb851fULL, "147.96"},
        {"random rounded 3", 0x4088efb851eb851fULL, "797.965"},
        {"random rounded 4", 0x4076624dd2f1a9fcULL, "358.144"},
        {"random rounded 5", 0x40834d81f75104d5ULL, "617.68846"},
        {"random rounded 6", 0x4073640000000000ULL, "310.25"},
        {"random rounded 7", 0x403dcccccccccccdULL, "29.8"},
        {"random rounded 8", 0x408c180000000000ULL, "899.0"},
        {"random rounded 9", 0x407e02623076c051ULL, "480.148972"},
        {"random rounded 10", 0x406bd0f5c28f5c29ULL, "222.53"},
        {"random rounded 11", 0x408090d041cc532aULL, "530.101688"},
        {"random rounded 12", 0x405fd9999999999aULL, "127.4"},
        {"random rounded 13", 0x4087180000000000ULL, "739.0"},
        {"random rounded 14", 0x4088440000000000ULL, "776.5"},
        {"random rounded 15", 0x408c9f0d4fdf3b64ULL, "915.8815"},
        {"random rounded 16", 0x408b11999999999aULL, "866.2"},
        {"random rounded 17", 0x407148f65fd8adacULL, "276.56015"},
        {"random rounded 18", 0x408389999999999aULL, "625.2"},
        {"random rounded 19", 0x40721b3333333333ULL, "289.7"},
};

} // namespace

Q_DECLARE_METATYPE(PyroKind)

class tst_PyroValues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void equals_data();
    void equals();
    void hashIsOrderFreeForSetsAndDicts();

    void fromPairs_data();
    void fromPairs();
    void fromPairsLarge();
    void dictApi();
    void setApi();
    void tupleApi();

    void bigIntParsing_data();
    void bigIntParsing();
    void bigIntConversions();
    void bigIntNormalized_data();
    void bigIntNormalized();

    void floatRepr_data();
    void floatRepr();
    void pythonRepr_data();
    void pythonRepr();
    void pythonStr();
    void pythonTypeName_data();
    void pythonTypeName();
    void noneAndIntegral();
    void pyroKind_data();
    void pyroKind();

    void converters();
    void debugOutput();
};

void tst_PyroValues::equals_data()
{
    QTest::addColumn<QVariant>("a");
    QTest::addColumn<QVariant>("b");
    QTest::addColumn<bool>("equal");     // Python's a == b
    QTest::addColumn<bool>("identical"); // same value and same Python type

    // numbers: 1 == 1.0 == True
    QTest::newRow("1 == 1.0") << QVariant(1) << QVariant(1.0) << true << false;
    QTest::newRow("1 == True") << QVariant(1) << QVariant(true) << true << false;
    QTest::newRow("True == 1.0") << QVariant(true) << QVariant(1.0) << true << false;
    QTest::newRow("0 == False") << ll(0) << QVariant(false) << true << false;
    QTest::newRow("False == -0.0") << QVariant(false) << QVariant(-0.0) << true << false;
    QTest::newRow("0.0 == -0.0") << QVariant(0.0) << QVariant(-0.0) << true << false;
    QTest::newRow("1 != 2") << QVariant(1) << QVariant(2) << false << false;
    QTest::newRow("True != 2") << QVariant(true) << QVariant(2) << false << false;
    QTest::newRow("1 != 1.5") << QVariant(1) << QVariant(1.5) << false << false;
    QTest::newRow("int == qlonglong") << QVariant(5) << ll(5) << true << true;
    QTest::newRow("uint == short") << QVariant(7u) << QVariant::fromValue(short(7)) << true << true;
    QTest::newRow("float == double") << QVariant(0.5f) << QVariant(0.5) << true << true;
    QTest::newRow("enum == int") << QVariant::fromValue(Flag::Green) << QVariant(1) << true << true;
    QTest::newRow("nan != nan") << QVariant(qNaN) << QVariant(qNaN) << false << true;
    QTest::newRow("nan != 0") << QVariant(qNaN) << QVariant(0) << false << false;
    QTest::newRow("inf == inf") << QVariant(inf) << QVariant(inf) << true << true;
    QTest::newRow("inf != -inf") << QVariant(inf) << QVariant(-inf) << false << false;
    QTest::newRow("2^53+1 != 2^53 float") << ll(9007199254740993LL) << QVariant(9007199254740992.0) << false << false;
    QTest::newRow("2^53 == 2^53 float") << ll(9007199254740992LL) << QVariant(9007199254740992.0) << true << false;
    QTest::newRow("int64 max != 2^63 float") << ll(std::numeric_limits<qlonglong>::max())
                                             << QVariant(9223372036854775808.0) << false << false;
    QTest::newRow("int64 min == -2^63 float") << ll(std::numeric_limits<qlonglong>::min())
                                              << QVariant(-9223372036854775808.0) << true << false;
    QTest::newRow("1 != 1e300") << QVariant(1) << QVariant(1e300) << false << false;
    // big ints
    QTest::newRow("uint64 max == big") << QVariant(std::numeric_limits<qulonglong>::max())
                                       << big(u"18446744073709551615") << true << true;
    QTest::newRow("big == big") << big(u"-123456789012345678901234567890")
                                << big(u"-123456789012345678901234567890") << true << true;
    QTest::newRow("big != -big") << big(u"123456789012345678901234567890")
                                 << big(u"-123456789012345678901234567890") << false << false;
    QTest::newRow("small PyroBigInt == int") << big(u"5") << ll(5) << true << true;
    QTest::newRow("small PyroBigInt == 5.0") << big(u"-5") << QVariant(-5.0) << true << false;
    QTest::newRow("2^64 == 2^64 float") << big(u"18446744073709551616") << QVariant(18446744073709551616.0)
                                        << true << false;
    QTest::newRow("2^64+1 != 2^64 float") << big(u"18446744073709551617") << QVariant(18446744073709551616.0)
                                          << false << false;
    QTest::newRow("10^30 != 1e30") << big(u"1000000000000000000000000000000") << QVariant(1e30) << false << false;
    QTest::newRow("int(1e30) == 1e30") << big(u"1000000000000000019884624838656") << QVariant(1e30) << true << false;
    QTest::newRow("-int(1e30) == -1e30") << big(u"-1000000000000000019884624838656") << QVariant(-1e30) << true << false;
    QTest::newRow("big != inf") << big(u"1000000000000000019884624838656") << QVariant(inf) << false << false;
    QTest::newRow("big != int") << big(u"18446744073709551616") << ll(0) << false << false;
    // complex
    QTest::newRow("1+0j == 1") << complex(1, 0) << QVariant(1) << true << false;
    QTest::newRow("1+0j == True") << complex(1, 0) << QVariant(true) << true << false;
    QTest::newRow("1+2j == 1+2j") << complex(1, 2) << complex(1, 2) << true << true;
    QTest::newRow("1+2j != 1") << complex(1, 2) << QVariant(1) << false << false;
    QTest::newRow("1+2j != 1-2j") << complex(1, 2) << complex(1, -2) << false << false;
    QTest::newRow("0j == -0.0") << complex(0, 0) << QVariant(-0.0) << true << false;
    // None
    QTest::newRow("None == None") << none() << none() << true << true;
    QTest::newRow("None == invalid") << none() << QVariant() << true << true;
    QTest::newRow("None != 0") << none() << QVariant(0) << false << false;
    QTest::newRow("None != False") << none() << QVariant(false) << false << false;
    QTest::newRow("None != empty str") << none() << QVariant(u""_s) << false << false;
    // str and bytes
    QTest::newRow("str == str") << QVariant(u"abc"_s) << QVariant(u"abc"_s) << true << true;
    QTest::newRow("str != other case") << QVariant(u"abc"_s) << QVariant(u"ABC"_s) << false << false;
    QTest::newRow("str == QChar") << QVariant(u"x"_s) << QVariant(QChar(u'x')) << true << true;
    QTest::newRow("str != bytes") << QVariant(u"a"_s) << QVariant(QByteArray("a")) << false << false;
    QTest::newRow("bytes == bytes") << QVariant(QByteArray("\x00\xff", 2)) << QVariant(QByteArray("\x00\xff", 2))
                                    << true << true;
    QTest::newRow("empty str != empty bytes") << QVariant(u""_s) << QVariant(QByteArray()) << false << false;
    // sequences: tuple != list
    QTest::newRow("tuple != list") << tuple({1, 2}) << QVariant(QVariantList{1, 2}) << false << false;
    QTest::newRow("tuple == tuple") << tuple({1, u"a"_s}) << tuple({1, u"a"_s}) << true << true;
    QTest::newRow("tuple 1 == tuple 1.0") << tuple({1, 2}) << tuple({1.0, 2}) << true << false;
    QTest::newRow("tuple order matters") << tuple({1, 2}) << tuple({2, 1}) << false << false;
    QTest::newRow("tuple length") << tuple({1}) << tuple({1, 1}) << false << false;
    QTest::newRow("empty tuple != empty list") << tuple({}) << QVariant(QVariantList()) << false << false;
    QTest::newRow("list == QStringList") << QVariant(QVariantList{u"a"_s, u"b"_s})
                                         << QVariant(QStringList{u"a"_s, u"b"_s}) << true << true;
    QTest::newRow("list == QByteArrayList") << QVariant(QVariantList{QByteArray("a")})
                                            << QVariant::fromValue(QByteArrayList{"a"}) << true << true;
    QTest::newRow("list == QList<int>") << QVariant(QVariantList{1, 2}) << QVariant::fromValue(QList<int>{1, 2})
                                        << true << true;
    QTest::newRow("nested tuple in list") << QVariant(QVariantList{tuple({1, set({2})})})
                                          << QVariant(QVariantList{tuple({1.0, set({2.0})})}) << true << false;
    // sets: order-free, set == frozenset
    QTest::newRow("set order free") << set({1, 2, 3}) << set({3, 1, 2}) << true << true;
    QTest::newRow("set 1 == set 1.0") << set({1, u"a"_s}) << set({u"a"_s, 1.0}) << true << false;
    QTest::newRow("set != other set") << set({1, 2}) << set({1, 3}) << false << false;
    QTest::newRow("set != subset") << set({1, 2}) << set({1}) << false << false;
    QTest::newRow("set == frozenset") << set({1}) << frozenset({1}) << true << false;
    QTest::newRow("frozenset == frozenset") << frozenset({u"x"_s, u"y"_s}) << frozenset({u"y"_s, u"x"_s}) << true << true;
    QTest::newRow("set != list") << set({1}) << QVariant(QVariantList{1}) << false << false;
    QTest::newRow("set of tuples") << set({tuple({1, 2}), tuple({3})}) << set({tuple({3}), tuple({1, 2})}) << true << true;
    QTest::newRow("empty sets") << set({}) << frozenset({}) << true << false;
    // dicts: order-free
    QTest::newRow("map == PyroDict") << QVariant(QVariantMap{{u"a"_s, 1}, {u"b"_s, 2}})
                                     << dict({{u"b"_s, 2}, {u"a"_s, 1}}) << true << true;
    QTest::newRow("map == hash") << QVariant(QVariantMap{{u"a"_s, 1}}) << QVariant(QVariantHash{{u"a"_s, 1}})
                                 << true << true;
    QTest::newRow("dict order free") << dict({{1, u"x"_s}, {tuple({2}), u"y"_s}})
                                     << dict({{tuple({2}), u"y"_s}, {1, u"x"_s}}) << true << true;
    QTest::newRow("dict key 1 == key 1.0") << dict({{1, u"x"_s}}) << dict({{1.0, u"x"_s}}) << true << false;
    QTest::newRow("dict key 1 == key True") << dict({{1, u"x"_s}}) << dict({{true, u"x"_s}}) << true << false;
    QTest::newRow("dict value 1 == 1.0") << QVariant(QVariantMap{{u"a"_s, 1}}) << QVariant(QVariantMap{{u"a"_s, 1.0}})
                                         << true << false;
    QTest::newRow("dict values differ") << QVariant(QVariantMap{{u"a"_s, 1}}) << QVariant(QVariantMap{{u"a"_s, 2}})
                                        << false << false;
    QTest::newRow("dict keys differ") << dict({{1, 1}}) << dict({{2, 1}}) << false << false;
    QTest::newRow("dict sizes differ") << dict({{1, 1}}) << dict({{1, 1}, {2, 2}}) << false << false;
    QTest::newRow("dict != list of pairs") << dict({{1, 2}}) << QVariant(QVariantList{tuple({1, 2})}) << false << false;
    QTest::newRow("empty dicts") << QVariant(QVariantMap()) << dict({}) << true << true;
    QTest::newRow("nested dicts") << QVariant(QVariantMap{{u"k"_s, dict({{none(), QVariantList{1}}})}})
                                  << dict({{u"k"_s, dict({{none(), QVariantList{1.0}}})}}) << true << false;
    // mixed kinds
    QTest::newRow("str != list") << QVariant(u"ab"_s) << QVariant(QStringList{u"a"_s, u"b"_s}) << false << false;
    QTest::newRow("0 != empty list") << QVariant(0) << QVariant(QVariantList()) << false << false;
}

void tst_PyroValues::equals()
{
    QFETCH(QVariant, a);
    QFETCH(QVariant, b);
    QFETCH(bool, equal);
    QFETCH(bool, identical);
    QCOMPARE(PyroValues::equals(a, b), equal);
    QCOMPARE(PyroValues::equals(b, a), equal);
    QCOMPARE(PyroValues::identical(a, b), identical);
    QCOMPARE(PyroValues::identical(b, a), identical);
    // Everything equals itself except NaN, and is identical to itself.
    QVERIFY(PyroValues::identical(a, a));
    QVERIFY(PyroValues::identical(b, b));
    if (identical)
        QVERIFY2(equal || describe(a).contains(u"nan"_s), "identical implies equal (NaN aside)");
    // Values Python considers equal hash alike: PyroDict::fromPairs() and set comparison
    // rely on it.
    if (equal) {
        QCOMPARE(PyroValues::hash(a), PyroValues::hash(b));
        QCOMPARE(PyroValues::hash(a, 1234), PyroValues::hash(b, 1234));
    }
}

void tst_PyroValues::hashIsOrderFreeForSetsAndDicts()
{
    QCOMPARE(PyroValues::hash(set({1, 2, 3})), PyroValues::hash(set({3, 2, 1})));
    QCOMPARE(PyroValues::hash(dict({{1, 2}, {3, 4}})), PyroValues::hash(dict({{3, 4}, {1, 2}})));
    QCOMPARE(PyroValues::hash(QVariant(QVariantMap{{u"a"_s, 1}, {u"b"_s, 2}})),
             PyroValues::hash(dict({{u"b"_s, 2}, {u"a"_s, 1}})));
    QVERIFY(PyroValues::hash(tuple({1, 2})) != PyroValues::hash(tuple({2, 1})));
    QVERIFY(PyroValues::hash(QVariant(u"a"_s)) != PyroValues::hash(QVariant(u"b"_s)));
    QVERIFY(PyroValues::hash(QVariant(1), 1) != PyroValues::hash(QVariant(1), 2));
}

void tst_PyroValues::fromPairs_data()
{
    QTest::addColumn<QList<PyroDict::Entry>>("pairs");
    QTest::addColumn<QList<PyroDict::Entry>>("expected"); // identical keys and values, in order

    using E = PyroDict::Entry;
    QTest::newRow("empty") << QList<E>{} << QList<E>{};
    QTest::newRow("one") << QList<E>{{1, u"a"_s}} << QList<E>{{1, u"a"_s}};
    QTest::newRow("distinct keys keep order") << QList<E>{{3, 1}, {1, 2}, {2, 3}} << QList<E>{{3, 1}, {1, 2}, {2, 3}};
    QTest::newRow("last value wins") << QList<E>{{u"k"_s, 1}, {u"k"_s, 2}} << QList<E>{{u"k"_s, 2}};
    // Python: {1: 'a', True: 'b', 1.0: 'c'} == {1: 'c'} - the first key stays, the last value wins.
    QTest::newRow("1, True, 1.0 are one key")
        << QList<E>{{ll(1), u"a"_s}, {true, u"b"_s}, {1.0, u"c"_s}} << QList<E>{{ll(1), u"c"_s}};
    QTest::newRow("True first") << QList<E>{{true, 1}, {ll(1), 2}} << QList<E>{{true, 2}};
    QTest::newRow("0, False, 0.0, -0.0")
        << QList<E>{{0.0, 1}, {false, 2}, {ll(0), 3}, {-0.0, 4}} << QList<E>{{0.0, 4}};
    QTest::newRow("2 and 2.0 among others")
        << QList<E>{{ll(2), u"a"_s}, {u"2"_s, u"b"_s}, {2.0, u"c"_s}}
        << QList<E>{{ll(2), u"c"_s}, {u"2"_s, u"b"_s}};
    QTest::newRow("tuple keys") << QList<E>{{tuple({1, 2}), 1}, {tuple({1.0, 2}), 2}, {tuple({2, 1}), 3}}
                                << QList<E>{{tuple({1, 2}), 2}, {tuple({2, 1}), 3}};
    QTest::newRow("None key") << QList<E>{{none(), 1}, {QVariant(), 2}} << QList<E>{{none(), 2}};
    QTest::newRow("str and bytes differ") << QList<E>{{u"a"_s, 1}, {QByteArray("a"), 2}}
                                          << QList<E>{{u"a"_s, 1}, {QByteArray("a"), 2}};
    QTest::newRow("frozenset keys") << QList<E>{{frozenset({1, 2}), 1}, {frozenset({2, 1}), 2}}
                                    << QList<E>{{frozenset({1, 2}), 2}};
    QTest::newRow("big int and float") << QList<E>{{big(u"18446744073709551616"), 1}, {18446744073709551616.0, 2}}
                                       << QList<E>{{big(u"18446744073709551616"), 2}};
}

void tst_PyroValues::fromPairs()
{
    QFETCH(QList<PyroDict::Entry>, pairs);
    QFETCH(QList<PyroDict::Entry>, expected);

    // The initializer-list constructor and insert() follow the same rule.
    PyroDict inserted;
    for (const PyroDict::Entry &e : pairs)
        inserted.insert(e.first, e.second);

    const PyroDict dict = PyroDict::fromPairs(QList<PyroDict::Entry>(pairs));
    for (const PyroDict &d : {dict, inserted}) {
        QCOMPARE(d.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QVERIFY2(PyroValues::identical(d.entries().at(i).first, expected.at(i).first),
                     qPrintable(describe(d.entries().at(i).first)));
            QVERIFY2(PyroValues::identical(d.entries().at(i).second, expected.at(i).second),
                     qPrintable(describe(d.entries().at(i).second)));
        }
    }
    for (const PyroDict::Entry &e : expected) {
        QVERIFY(dict.contains(e.first));
        QVERIFY(PyroValues::identical(dict.value(e.first), e.second));
    }
}

void tst_PyroValues::fromPairsLarge()
{
    // Linear, not quadratic: 200 000 pairs, every key twice.
    QList<PyroDict::Entry> pairs;
    const int n = 100000;
    pairs.reserve(2 * n);
    for (int i = 0; i < n; ++i)
        pairs.append({ll(i), 0});
    for (int i = 0; i < n; ++i)
        pairs.append({double(i), i});
    const PyroDict dict = PyroDict::fromPairs(std::move(pairs));
    QCOMPARE(dict.size(), n);
    QCOMPARE(dict.entries().at(12345).first.typeId(), QMetaType::LongLong);
    QCOMPARE(dict.entries().at(12345).second, QVariant(12345));
}

void tst_PyroValues::dictApi()
{
    PyroDict d{{1, u"one"_s}, {tuple({1, 2}), u"pair"_s}, {none(), u"nothing"_s}, {1.0, u"uno"_s}};
    QCOMPARE(d.size(), 3);
    QVERIFY(!d.isEmpty());
    QCOMPARE(d.value(true), QVariant(u"uno"_s));
    QCOMPARE(d.value(tuple({1.0, 2.0})), QVariant(u"pair"_s));
    QCOMPARE(d.value(QVariant()), QVariant(u"nothing"_s));
    QCOMPARE(d.value(2, u"default"_s), QVariant(u"default"_s));
    QVERIFY(!d.value(QVariant(u"1"_s)).isValid());
    QVERIFY(d.contains(1.0));
    QVERIFY(!d.contains(QVariant(QVariantList{1, 2}))); // a list is no tuple
    QVERIFY(!d.hasOnlyStringKeys());

    // Keys as Python's str() in the QVariantMap form.
    const QVariantMap map = d.toVariantMap();
    QCOMPARE(map.keys(), (QStringList{u"(1, 2)"_s, u"1"_s, u"None"_s}));
    QCOMPARE(map.value(u"1"_s), QVariant(u"uno"_s));

    PyroDict s(QVariantMap{{u"b"_s, 2}, {u"a"_s, 1}});
    QVERIFY(s.hasOnlyStringKeys());
    QCOMPARE(s.entries().first().first, QVariant(u"a"_s)); // QVariantMap's order
    s.append(u"c"_s, 3);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s.toVariantMap(), (QVariantMap{{u"a"_s, 1}, {u"b"_s, 2}, {u"c"_s, 3}}));
    QVERIFY(PyroDict().isEmpty());
    QVERIFY(PyroDict().hasOnlyStringKeys());

    PyroDict keys{{false, 1}, {2.5, 2}, {QByteArray("b"), 3}, {frozenset({1}), 4},
                  {big(u"-99999999999999999999"), 5}, {complex(0, 1), 6}};
    QCOMPARE(keys.toVariantMap().keys(),
             (QStringList{u"-99999999999999999999"_s, u"1j"_s, u"2.5"_s, u"False"_s,
                          u"b'b'"_s, u"frozenset({1})"_s}));
}

void tst_PyroValues::setApi()
{
    const PyroSet s{1, u"a"_s, tuple({2})};
    QCOMPARE(s.size(), 3);
    QVERIFY(s.contains(1.0));
    QVERIFY(s.contains(true));
    QVERIFY(s.contains(tuple({2.0})));
    QVERIFY(!s.contains(QVariant(QVariantList{2})));
    QVERIFY(!s.contains(2));
    QCOMPARE(s.kind(), PyroSet::Kind::Set);
    QVERIFY(!s.isFrozen());
    PyroSet f = s;
    f.setKind(PyroSet::Kind::FrozenSet);
    QVERIFY(f.isFrozen());
    QCOMPARE(f, s); // set == frozenset in Python
    QCOMPARE(PyroSet({u"x"_s, u"y"_s}).toStringList(), (QStringList{u"x"_s, u"y"_s}));
    QVERIFY(PyroSet().isEmpty());
    QCOMPARE(PyroSet({1, 2}), PyroSet({2, 1}));
    QVERIFY(PyroSet({1, 2}) != PyroSet({2, 3}));
}

void tst_PyroValues::tupleApi()
{
    PyroTuple t{1, u"a"_s};
    QCOMPARE(t.size(), 2);
    QCOMPARE(t.at(1), QVariant(u"a"_s));
    QCOMPARE(t.toList(), (QVariantList{1, u"a"_s}));
    t.items().append(none());
    QCOMPARE(t.size(), 3);
    QVERIFY(PyroTuple().isEmpty());
    QCOMPARE(PyroTuple({1, 2}), PyroTuple({1.0, 2}));
    QVERIFY(PyroTuple({1, 2}) != PyroTuple({2, 1}));
    QCOMPARE(PyroTuple(QVariantList{1}), PyroTuple({1}));
}

void tst_PyroValues::bigIntParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<bool>("negative");

    QTest::newRow("positive") << u"123456789012345678901234567890"_s << true << u"123456789012345678901234567890"_s << false;
    QTest::newRow("negative") << u"-123456789012345678901234567890"_s << true << u"-123456789012345678901234567890"_s << true;
    QTest::newRow("plus sign") << u"+42"_s << true << u"42"_s << false;
    QTest::newRow("leading zeros") << u"000123"_s << true << u"123"_s << false;
    QTest::newRow("negative leading zeros") << u"-000123"_s << true << u"-123"_s << true;
    QTest::newRow("zero") << u"0"_s << true << u"0"_s << false;
    QTest::newRow("zeros") << u"0000"_s << true << u"0"_s << false;
    QTest::newRow("minus zero") << u"-0"_s << true << u"0"_s << false;
    QTest::newRow("minus zeros") << u"-000"_s << true << u"0"_s << false;
    QTest::newRow("empty") << u""_s << false << QString() << false;
    QTest::newRow("sign only") << u"-"_s << false << QString() << false;
    QTest::newRow("plus only") << u"+"_s << false << QString() << false;
    QTest::newRow("two signs") << u"--1"_s << false << QString() << false;
    QTest::newRow("space") << u" 1"_s << false << QString() << false;
    QTest::newRow("trailing space") << u"1 "_s << false << QString() << false;
    QTest::newRow("letters") << u"12a"_s << false << QString() << false;
    QTest::newRow("hex") << u"0x10"_s << false << QString() << false;
    QTest::newRow("float") << u"1.0"_s << false << QString() << false;
    QTest::newRow("exponent") << u"1e5"_s << false << QString() << false;
    QTest::newRow("underscore") << u"1_000"_s << false << QString() << false;
    QTest::newRow("non-ascii digits") << u"\uff11"_s << false << QString() << false;
    QTest::newRow("long") << QString(5000, u'7') << true << QString(5000, u'7') << false;
}

void tst_PyroValues::bigIntParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, canonical);
    QFETCH(bool, negative);

    const PyroBigInt a = PyroBigInt::fromString(text);
    const PyroBigInt b = PyroBigInt::fromLatin1(text.toLatin1());
    for (const PyroBigInt &v : {a, b}) {
        QCOMPARE(v.isValid(), valid);
        QCOMPARE(v.toString(), canonical);
        QCOMPARE(v.toLatin1(), canonical.toLatin1());
        QCOMPARE(v.isNegative(), negative);
        if (valid)
            QCOMPARE(QString::fromLatin1(v.digits()), negative ? canonical.sliced(1) : canonical);
    }
    QCOMPARE(a, b);
    if (valid) // canonical text reads back to the same value
        QCOMPARE(PyroBigInt::fromString(canonical), a);
}

void tst_PyroValues::bigIntConversions()
{
    const auto b = [](const char16_t *t) { return PyroBigInt::fromString(t); };
    bool ok = false;
    QCOMPARE(b(u"9223372036854775807").toLongLong(&ok), std::numeric_limits<qlonglong>::max());
    QVERIFY(ok);
    QVERIFY(b(u"9223372036854775807").fitsInt64());
    QCOMPARE(b(u"-9223372036854775808").toLongLong(&ok), std::numeric_limits<qlonglong>::min());
    QVERIFY(ok);
    QVERIFY(!b(u"9223372036854775808").fitsInt64());
    b(u"9223372036854775808").toLongLong(&ok);
    QVERIFY(!ok);
    QVERIFY(!b(u"-9223372036854775809").fitsInt64());
    QVERIFY(b(u"18446744073709551615").fitsUInt64());
    QCOMPARE(b(u"18446744073709551615").toULongLong(&ok), std::numeric_limits<qulonglong>::max());
    QVERIFY(ok);
    QVERIFY(!b(u"18446744073709551616").fitsUInt64());
    QVERIFY(!b(u"-1").fitsUInt64());
    b(u"-1").toULongLong(&ok);
    QVERIFY(!ok);
    QCOMPARE(PyroBigInt::fromUnsigned(std::numeric_limits<qulonglong>::max()).toString(),
             u"18446744073709551615"_s);
    QCOMPARE(PyroBigInt::fromUnsigned(0).toString(), u"0"_s);
    QCOMPARE(b(u"18446744073709551616").toDouble(), 18446744073709551616.0);
    QCOMPARE(b(u"-1000000000000000019884624838656").toDouble(), -1e30);
    // Beyond double: infinity (Python raises OverflowError).
    QCOMPARE(PyroBigInt::fromString(QString(400, u'9')).toDouble(), inf);
    QCOMPARE(PyroBigInt::fromString(u'-' + QString(400, u'9')).toDouble(), -inf);
    QVERIFY(!PyroBigInt().isValid());
    QCOMPARE(PyroBigInt().toString(), QString());
    QCOMPARE(PyroBigInt(), PyroBigInt::fromString(u"x"));
}

void tst_PyroValues::bigIntNormalized_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("fitsInt64");
    QTest::newRow("zero") << u"0"_s << true;
    QTest::newRow("int64 max") << u"9223372036854775807"_s << true;
    QTest::newRow("int64 min") << u"-9223372036854775808"_s << true;
    QTest::newRow("int64 max + 1") << u"9223372036854775808"_s << false;
    QTest::newRow("int64 min - 1") << u"-9223372036854775809"_s << false;
    QTest::newRow("2^100") << u"1267650600228229401496703205376"_s << false;
}

void tst_PyroValues::bigIntNormalized()
{
    QFETCH(QString, text);
    QFETCH(bool, fitsInt64);
    const QVariant v = PyroBigInt::normalized(PyroBigInt::fromString(text));
    if (fitsInt64) {
        QCOMPARE(v.typeId(), QMetaType::LongLong);
        QCOMPARE(QString::number(v.toLongLong()), text);
    } else {
        QCOMPARE(v.typeId(), qMetaTypeId<PyroBigInt>());
        QCOMPARE(v.value<PyroBigInt>().toString(), text);
    }
    QCOMPARE(PyroValues::pythonTypeName(v), u"int"_s);
    QVERIFY(PyroValues::isIntegral(v));
}

void tst_PyroValues::floatRepr_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    for (const FloatCase &c : floatCases)
        QTest::newRow(c.tag) << fromBits(c.bits) << QByteArray(c.repr);
    QTest::newRow("nan") << qNaN << QByteArray("nan");
    QTest::newRow("-nan") << -qNaN << QByteArray("nan");
    QTest::newRow("float 0.1f widened") << double(0.1f) << QByteArray("0.10000000149011612");
}

void tst_PyroValues::floatRepr()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(PyroValues::floatRepr(value), expected);
    // And Python's float() of that text is the same double again.
    if (!std::isnan(value)) {
        const double back = expected.toDouble();
        QVERIFY(std::memcmp(&back, &value, sizeof back) == 0);
    }
}

void tst_PyroValues::pythonRepr_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected");
    // Expected texts from CPython 3.11's repr() of the equivalent Python value.
    QTest::newRow("None") << none() << u"None"_s;
    QTest::newRow("invalid is None") << QVariant() << u"None"_s;
    QTest::newRow("True") << QVariant(true) << u"True"_s;
    QTest::newRow("False") << QVariant(false) << u"False"_s;
    QTest::newRow("int") << QVariant(42) << u"42"_s;
    QTest::newRow("negative int") << QVariant(qlonglong(-7)) << u"-7"_s;
    QTest::newRow("int64 min") << QVariant(std::numeric_limits<qlonglong>::min()) << u"-9223372036854775808"_s;
    QTest::newRow("uint64 max") << QVariant(std::numeric_limits<qulonglong>::max()) << u"18446744073709551615"_s;
    QTest::newRow("big int") << QVariant::fromValue(PyroBigInt::fromString(u"-123456789012345678901234567890")) << u"-123456789012345678901234567890"_s;
    QTest::newRow("float") << QVariant(1.5) << u"1.5"_s;
    QTest::newRow("float integral") << QVariant(2.0) << u"2.0"_s;
    QTest::newRow("float 1e16") << QVariant(1e16) << u"1e+16"_s;
    QTest::newRow("float inf") << QVariant(std::numeric_limits<double>::infinity()) << u"inf"_s;
    QTest::newRow("complex") << QVariant::fromValue(PyroComplex(1, 2)) << u"(1+2j)"_s;
    QTest::newRow("complex imag only") << QVariant::fromValue(PyroComplex(0, 1)) << u"1j"_s;
    QTest::newRow("complex negative zero real") << QVariant::fromValue(PyroComplex(-0.0, 1)) << u"(-0+1j)"_s;
    QTest::newRow("complex negative imag") << QVariant::fromValue(PyroComplex(0, -1)) << u"-1j"_s;
    QTest::newRow("complex zero") << QVariant::fromValue(PyroComplex(0, 0)) << u"0j"_s;
    QTest::newRow("complex fractions") << QVariant::fromValue(PyroComplex(2.5, 100)) << u"(2.5+100j)"_s;
    QTest::newRow("complex exponents") << QVariant::fromValue(PyroComplex(1e16, 1e-5)) << u"(1e+16+1e-05j)"_s;
    QTest::newRow("complex inf") << QVariant::fromValue(PyroComplex(inf, -inf)) << u"(inf-infj)"_s;
    QTest::newRow("complex nan") << QVariant::fromValue(PyroComplex(1, qNaN)) << u"(1+nanj)"_s;
    QTest::newRow("str") << QVariant(u"abc"_s) << u"'abc'"_s;
    QTest::newRow("str with quote") << QVariant(u"a'b"_s) << u"\"a'b\""_s;
    QTest::newRow("str with both quotes") << QVariant(u"a'\"b"_s) << u"'a\\'\"b'"_s;
    QTest::newRow("str escapes") << QVariant(u"\t\n\r\\"_s) << u"'\\t\\n\\r\\\\'"_s;
    QTest::newRow("str controls") << QVariant(QString(u"\x00\x7f\x80\xa0"_s)) << u"'\\x00\\x7f\\x80\\xa0'"_s;
    QTest::newRow("str unicode") << QVariant(u"\u00e9\u2028\u200b\U0001F600"_s) << u"'\u00e9\\u2028\\u200b\U0001f600'"_s;
    QTest::newRow("str lone surrogate") << QVariant(QString(QChar(0xd800))) << u"'\\ud800'"_s;
    QTest::newRow("QChar") << QVariant(QChar(u'x')) << u"'x'"_s;
    QTest::newRow("bytes") << QVariant(QByteArray("ab")) << u"b'ab'"_s;
    QTest::newRow("bytes escapes") << QVariant(QByteArray("\x00'\"\xff\t", 5)) << u"b'\\x00\\'\"\\xff\\t'"_s;
    QTest::newRow("bytes quote") << QVariant(QByteArray("it's")) << u"b\"it's\""_s;
    QTest::newRow("list") << QVariant(QVariantList{1, u"a"_s, none()}) << u"[1, 'a', None]"_s;
    QTest::newRow("empty list") << QVariant(QVariantList()) << u"[]"_s;
    QTest::newRow("string list") << QVariant(QStringList{u"x"_s, u"y"_s}) << u"['x', 'y']"_s;
    QTest::newRow("tuple") << QVariant::fromValue(PyroTuple{1, 2}) << u"(1, 2)"_s;
    QTest::newRow("1-tuple") << QVariant::fromValue(PyroTuple{1}) << u"(1,)"_s;
    QTest::newRow("empty tuple") << QVariant::fromValue(PyroTuple()) << u"()"_s;
    QTest::newRow("set") << QVariant::fromValue(PyroSet{1}) << u"{1}"_s;
    QTest::newRow("empty set") << QVariant::fromValue(PyroSet()) << u"set()"_s;
    QTest::newRow("frozenset") << QVariant::fromValue(PyroSet(QVariantList{1}, PyroSet::Kind::FrozenSet)) << u"frozenset({1})"_s;
    QTest::newRow("empty frozenset") << QVariant::fromValue(PyroSet(QVariantList(), PyroSet::Kind::FrozenSet)) << u"frozenset()"_s;
    QTest::newRow("dict") << QVariant::fromValue(PyroDict{{1, QVariant::fromValue(PyroTuple{2})}, {none(), QVariantList{true}}}) << u"{1: (2,), None: [True]}"_s;
    QTest::newRow("str dict") << QVariant(QVariantMap{{u"b"_s, 2}, {u"a"_s, 1}}) << u"{'a': 1, 'b': 2}"_s;
    QTest::newRow("empty dict") << QVariant(QVariantMap()) << u"{}"_s;
    QTest::newRow("nested") << QVariant(QVariantList{QVariant::fromValue(PyroTuple{QVariantList{}, QVariant::fromValue(PyroSet(QVariantList{}, PyroSet::Kind::FrozenSet))})}) << u"[([], frozenset())]"_s;
}

void tst_PyroValues::pythonRepr()
{
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    QCOMPARE(PyroValues::pythonRepr(value), expected);
}

void tst_PyroValues::pythonStr()
{
    // str() differs from repr() only for str.
    QCOMPARE(PyroValues::pythonStr(QVariant(u"a'b"_s)), u"a'b"_s);
    QCOMPARE(PyroValues::pythonStr(QVariant(QByteArray("x"))), u"b'x'"_s);
    QCOMPARE(PyroValues::pythonStr(tuple({u"a"_s})), u"('a',)"_s);
    QCOMPARE(PyroValues::pythonStr(none()), u"None"_s);
    QCOMPARE(PyroValues::pythonStr(QVariant(0.1 + 0.2)), u"0.30000000000000004"_s);
}

void tst_PyroValues::pythonTypeName_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("name");
    QTest::newRow("None") << none() << u"NoneType"_s;
    QTest::newRow("invalid") << QVariant() << u"NoneType"_s;
    QTest::newRow("bool") << QVariant(true) << u"bool"_s;
    QTest::newRow("int") << QVariant(1) << u"int"_s;
    QTest::newRow("qlonglong") << ll(1) << u"int"_s;
    QTest::newRow("uint64 max") << QVariant(std::numeric_limits<qulonglong>::max()) << u"int"_s;
    QTest::newRow("big") << big(u"123456789012345678901234567890") << u"int"_s;
    QTest::newRow("enum") << QVariant::fromValue(Flag::Red) << u"int"_s;
    QTest::newRow("float") << QVariant(1.0) << u"float"_s;
    QTest::newRow("complex") << complex(1, 1) << u"complex"_s;
    QTest::newRow("str") << QVariant(u"s"_s) << u"str"_s;
    QTest::newRow("bytes") << QVariant(QByteArray("b")) << u"bytes"_s;
    QTest::newRow("list") << QVariant(QVariantList()) << u"list"_s;
    QTest::newRow("QStringList") << QVariant(QStringList()) << u"list"_s;
    QTest::newRow("tuple") << tuple({}) << u"tuple"_s;
    QTest::newRow("set") << set({}) << u"set"_s;
    QTest::newRow("frozenset") << frozenset({}) << u"frozenset"_s;
    QTest::newRow("map") << QVariant(QVariantMap()) << u"dict"_s;
    QTest::newRow("PyroDict") << dict({}) << u"dict"_s;
    QTest::newRow("other") << QVariant(QDate(2026, 1, 1)) << u"QDate"_s;
}

void tst_PyroValues::pythonTypeName()
{
    QFETCH(QVariant, value);
    QFETCH(QString, name);
    QCOMPARE(PyroValues::pythonTypeName(value), name);
}

void tst_PyroValues::noneAndIntegral()
{
    QCOMPARE(none().typeId(), QMetaType::Nullptr);
    QVERIFY(none().isValid());
    QVERIFY(PyroValues::isNone(none()));
    QVERIFY(PyroValues::isNone(QVariant()));
    QVERIFY(!PyroValues::isNone(QVariant(0)));
    QVERIFY(!PyroValues::isNone(QVariant(QString())));

    QVERIFY(PyroValues::isIntegral(QVariant(1)));
    QVERIFY(PyroValues::isIntegral(QVariant(1u)));
    QVERIFY(PyroValues::isIntegral(ll(1)));
    QVERIFY(PyroValues::isIntegral(QVariant(std::numeric_limits<qulonglong>::max())));
    QVERIFY(PyroValues::isIntegral(big(u"99999999999999999999")));
    QVERIFY(PyroValues::isIntegral(QVariant::fromValue(Flag::Green)));
    QVERIFY(!PyroValues::isIntegral(QVariant(true))); // a bool, not an int, for QtPyro
    QVERIFY(!PyroValues::isIntegral(QVariant(1.0)));
    QVERIFY(!PyroValues::isIntegral(QVariant(u"1"_s)));
    QVERIFY(!PyroValues::isIntegral(none()));
}

void tst_PyroValues::pyroKind_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<PyroKind>("kind");
    QTest::newRow("invalid") << QVariant() << PyroKind::None;
    QTest::newRow("nullptr") << none() << PyroKind::None;
    QTest::newRow("bool") << QVariant(false) << PyroKind::Bool;
    QTest::newRow("int") << QVariant(1) << PyroKind::Int;
    QTest::newRow("short") << QVariant::fromValue(short(1)) << PyroKind::Int;
    QTest::newRow("uchar") << QVariant::fromValue(uchar(1)) << PyroKind::Int;
    QTest::newRow("enum") << QVariant::fromValue(Flag::Green) << PyroKind::Int;
    QTest::newRow("uint64 in range") << QVariant(quint64(std::numeric_limits<qint64>::max())) << PyroKind::Int;
    QTest::newRow("uint64 above int64") << QVariant(quint64(std::numeric_limits<qint64>::max()) + 1) << PyroKind::BigInt;
    QTest::newRow("big") << big(u"1") << PyroKind::BigInt;
    QTest::newRow("double") << QVariant(1.0) << PyroKind::Float;
    QTest::newRow("float") << QVariant(1.0f) << PyroKind::Float;
    QTest::newRow("complex") << complex(0, 0) << PyroKind::Complex;
    QTest::newRow("str") << QVariant(u""_s) << PyroKind::Str;
    QTest::newRow("QChar") << QVariant(QChar(u'a')) << PyroKind::Str;
    QTest::newRow("bytes") << QVariant(QByteArray()) << PyroKind::Bytes;
    QTest::newRow("list") << QVariant(QVariantList()) << PyroKind::List;
    QTest::newRow("QStringList") << QVariant(QStringList()) << PyroKind::List;
    QTest::newRow("QByteArrayList") << QVariant::fromValue(QByteArrayList()) << PyroKind::List;
    QTest::newRow("tuple") << tuple({}) << PyroKind::Tuple;
    QTest::newRow("set") << set({}) << PyroKind::Set;
    QTest::newRow("map") << QVariant(QVariantMap()) << PyroKind::Dict;
    QTest::newRow("hash") << QVariant(QVariantHash()) << PyroKind::Dict;
    QTest::newRow("PyroDict") << dict({}) << PyroKind::Dict;
    QTest::newRow("QDate") << QVariant(QDate(2026, 1, 1)) << PyroKind::Other;
    QTest::newRow("QList<int>") << QVariant::fromValue(QList<int>{1}) << PyroKind::Other;
}

void tst_PyroValues::pyroKind()
{
    QFETCH(QVariant, value);
    QFETCH(PyroKind, kind);
    QCOMPARE(::pyroKind(value), kind);
}

// The converters registered with QMetaType, so that plain Qt code (and QML) can read the
// Pyro value types as the closest Qt type.
void tst_PyroValues::converters()
{
    const QVariant t = tuple({1, u"a"_s});
    QVERIFY(t.canConvert<QVariantList>());
    QCOMPARE(t.toList(), (QVariantList{1, u"a"_s}));
    QCOMPARE(t.value<QVariantList>(), (QVariantList{1, u"a"_s}));
    QVariantList out;
    QVERIFY(QMetaType::convert(QMetaType::fromType<PyroTuple>(), t.constData(),
                               QMetaType::fromType<QVariantList>(), &out));
    QCOMPARE(out, (QVariantList{1, u"a"_s}));

    const QVariant s = set({u"x"_s, u"y"_s});
    QVERIFY(s.canConvert<QVariantList>());
    QCOMPARE(s.toList(), (QVariantList{u"x"_s, u"y"_s}));
    QVERIFY(s.canConvert<QStringList>());
    QCOMPARE(s.toStringList(), (QStringList{u"x"_s, u"y"_s}));
    QCOMPARE(s.value<QStringList>(), (QStringList{u"x"_s, u"y"_s}));

    const QVariant d = dict({{1, u"one"_s}, {tuple({2, 3}), u"pair"_s}});
    QVERIFY(d.canConvert<QVariantMap>());
    QCOMPARE(d.toMap(), (QVariantMap{{u"1"_s, u"one"_s}, {u"(2, 3)"_s, u"pair"_s}}));

    const QVariant b = big(u"-123456789012345678901234567890");
    QVERIFY(b.canConvert<QString>());
    QCOMPARE(b.toString(), u"-123456789012345678901234567890"_s);
    QVERIFY(b.canConvert<double>());
    QCOMPARE(b.toDouble(), -1.2345678901234568e+29);

    // No converter invents list-ness for a dict or str-ness for a tuple.
    QVERIFY(!QMetaType::canConvert(QMetaType::fromType<PyroDict>(), QMetaType::fromType<QVariantList>()));
}

void tst_PyroValues::debugOutput()
{
    QString text;
    QDebug(&text) << PyroTuple{1} << PyroSet{2} << PyroSet(QVariantList{3}, PyroSet::Kind::FrozenSet)
                  << PyroDict{{4, 5}} << PyroBigInt::fromString(u"-12345678901234567890")
                  << PyroComplex(1.5, -2);
    QVERIFY2(text.contains(u"PyroTuple("_s), qPrintable(text));
    QVERIFY(text.contains(u"PyroSet(QList("_s));
    QVERIFY(text.contains(u"PyroSet(frozen, "_s));
    QVERIFY(text.contains(u"PyroDict(QVariant(int, 4): QVariant(int, 5))"_s));
    QVERIFY(text.contains(u"PyroBigInt(-12345678901234567890)"_s));
    QVERIFY(text.contains(u"PyroComplex(1.5, -2)"_s));
}

QTEST_GUILESS_MAIN(tst_PyroValues)
#include "tst_pyrovalues.moc"
