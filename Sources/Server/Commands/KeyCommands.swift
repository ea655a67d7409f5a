// KeyCommands (being written).
extension Server {
    static func keyCommands() -> [(String, CommandHandler)] { [] }
}
