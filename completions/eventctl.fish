# fish completion for eventctl: the candidates come from 'eventctl __complete'.
# 'eventctl completion fish' prints this file, compiled into the binary.
# Install as share/fish/vendor_completions.d/eventctl.fish, or: eventctl completion fish | source

function __eventctl_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l lines (command $words[1] __complete $words[2..-1] 2>/dev/null)
    or return
    set -l directive (string sub -s 2 -- $lines[-1])
    string join \n -- $lines[1..-2]
    if test (math "bitand($directive, 8)") -ne 0
        set -l token (commandline -ct)
        set -l option (string match -r -- '^-[^=]*=' $token)
        for path in (__fish_complete_path (string sub -s (math (string length -- "$option") + 1) -- $token))
            echo "$option$path"
        end
    end
end

complete -c eventctl -f -a '(__eventctl_complete)'
