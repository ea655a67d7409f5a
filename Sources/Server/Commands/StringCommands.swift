// StringCommands (being written).
extension Server {
    static func stringCommands() -> [(String, CommandHandler)] { [] }
}
