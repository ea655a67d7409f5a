// ServerCommands (being written).
extension Server {
    static func serverCommands() -> [(String, CommandHandler)] { [] }
}
