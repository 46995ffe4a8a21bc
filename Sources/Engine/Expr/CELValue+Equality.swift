extension CELValue {
    /// CEL's `==`: numbers compare across int, uint and double; maps ignore key order.
    /// Errors are never equal to anything.
    public func isEqual(to other: CELValue) -> Bool { CELEquality.equals(self, other) }
}
