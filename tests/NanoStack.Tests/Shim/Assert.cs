using System;
using System.Collections;
using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

// Host side of "one test source, two runners": the subset of nanoFramework.TestFramework's Assert,
// CollectionAssert and OutputHelper that portable tests use, with the same signatures, carried out
// by MSTest. The device build does not compile this folder; it uses nanoFramework.TestFramework.
namespace NanoStack.Testing
{
    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(byte expected, byte actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(char expected, char actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(double expected, double actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(short expected, short actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(int expected, int actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(long expected, long actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(object expected, object actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(float expected, float actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(string expected, string actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(ushort expected, ushort actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(uint expected, uint actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);
        public static void AreEqual(ulong expected, ulong actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

        public static void AreNotEqual(bool notExpected, bool actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(byte notExpected, byte actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(int notExpected, int actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(long notExpected, long actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(object notExpected, object actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(string notExpected, string actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);
        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

        public static void IsTrue(bool condition, string message = "") => Ms.Assert.IsTrue(condition, message);
        public static void IsFalse(bool condition, string message = "") => Ms.Assert.IsFalse(condition, message);
        public static void IsNull(object value, string message = "") => Ms.Assert.IsNull(value, message);
        public static void IsNotNull(object value, string message = "") => Ms.Assert.IsNotNull(value, message);
        public static void AreSame(object expected, object actual, string message = "") => Ms.Assert.AreSame(expected, actual, message);
        public static void AreNotSame(object notExpected, object actual, string message = "") => Ms.Assert.AreNotSame(notExpected, actual, message);

        /// <summary>nanoFramework semantics: the action must throw exactly <paramref name="exceptionType"/>.</summary>
        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() != exceptionType)
                {
                    Ms.Assert.Fail("expected " + exceptionType.Name + " but got " + e.GetType().Name + ": " + e.Message + " " + message);
                }
                return;
            }
            Ms.Assert.Fail("expected " + exceptionType.Name + " but nothing was thrown. " + message);
        }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") => Ms.CollectionAssert.AreEqual(expected, actual, message);
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "") => Ms.CollectionAssert.AreNotEqual(notExpected, actual, message);
    }

    public static class OutputHelper
    {
        public static void WriteLine(string text) => Console.WriteLine(text);
        public static void Write(string text) => Console.Write(text);
    }
}
