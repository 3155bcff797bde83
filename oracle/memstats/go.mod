module goemu/oracle/memstats

go 1.15
